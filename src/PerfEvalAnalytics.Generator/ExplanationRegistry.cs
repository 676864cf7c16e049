using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Generator;

/// <summary>
/// The explanations written so far per (year, indicator), so that a clean explanation is redrawn when it comes close
/// (character 3-gram Jaccard ≥ <see cref="MaxSimilarity"/>) to one another unit wrote for the same indicator this
/// year, or the same unit last year (rule E4 treats those as copies).
/// </summary>
internal sealed class ExplanationRegistry
{
    /// <summary>Below rule E4's default threshold of 0.9, with a margin.</summary>
    public const double MaxSimilarity = 0.8;

    /// <summary>Only this many texts per indicator and year are kept to compare with (bounds memory and time on
    /// benchmark-sized corpora; beyond it a near-copy becomes possible).</summary>
    private const int MaxCompared = 400;

    private readonly Dictionary<(int Year, string Name), List<HashSet<string>>> _texts = [];

    public bool IsNovel(int year, string name, string text)
    {
        var grams = Trigrams(text);
        foreach (var y in new[] { year, year - 1 })
        {
            if (_texts.TryGetValue((y, name), out var list) && list.Any(other => Jaccard(grams, other) >= MaxSimilarity))
            {
                return false;
            }
        }

        return true;
    }

    public void Add(int year, string name, string text)
    {
        if (!_texts.TryGetValue((year, name), out var list))
        {
            list = [];
            _texts[(year, name)] = list;
        }

        if (list.Count <= MaxCompared)
        {
            list.Add(Trigrams(text));
        }
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private static HashSet<string> Trigrams(string text)
    {
        var folded = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        var s = folded.ToString();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= s.Length; i++)
        {
            set.Add(s.Substring(i, 3));
        }

        return set;
    }
}
