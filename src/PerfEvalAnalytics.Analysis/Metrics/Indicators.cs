using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>Matching indicators and texts across rows, years and units.</summary>
public static class Indicators
{
    /// <summary>
    /// The key under which the same indicator is matched across years of a unit: the normalised 三级指标 name
    /// (NFKC, no white space or punctuation) and the target's unit of measure.
    /// </summary>
    public static string Key(IndicatorRow row) => $"{NormalizeText(row.DisplayName)}|{row.Target.Unit ?? row.Actual.Unit}";

    /// <summary>Text folded for comparison: NFKC, letters and digits only.</summary>
    public static string NormalizeText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = Nfkc.Fold(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= '\u4E00' and <= '\u9FFF')
            {
                sb.Append(c); // a CJK ideograph: a letter without case (ToLowerInvariant would ask ICU per character)
            }
            else if (char.IsAscii(c))
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    sb.Append(char.ToLowerInvariant(c));
                }
            }
            else if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    /// <summary>Jaccard similarity of the character 3-grams of two normalised texts (0 when either is empty).</summary>
    public static double TrigramJaccard(string? a, string? b) =>
        Jaccard(TrigramSet(a), TrigramSet(b));

    /// <summary>The character 3-grams of the normalised text, computed once per text for many comparisons.</summary>
    public static HashSet<string> TrigramSet(string? text) => Trigrams(NormalizeText(text));

    /// <summary>Jaccard similarity of two sets (0 when either is empty).</summary>
    public static double Jaccard(HashSet<string> x, HashSet<string> y)
    {
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        var (small, large) = x.Count <= y.Count ? (x, y) : (y, x);
        var common = small.Count(large.Contains);
        return (double)common / (x.Count + y.Count - common);
    }

    private static HashSet<string> Trigrams(string s)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (s.Length is > 0 and < 3)
        {
            set.Add(s);
        }

        for (var i = 0; i + 3 <= s.Length; i++)
        {
            set.Add(s.Substring(i, 3));
        }

        return set;
    }
}
