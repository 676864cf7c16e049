using System.Diagnostics.CodeAnalysis;

namespace PerfEvalAnalytics.Domain;

/// <summary>
/// One instance of each short text: names, levels, units and raw values repeat across thousands of forms and rows,
/// and every copy read from a database or a file is a new string otherwise. Not thread-safe: one pool per reader.
/// </summary>
public sealed class StringPool
{
    /// <summary>Longer texts (explanations, goals) are rarely repeated: not pooled.</summary>
    public const int MaxLength = 64;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    /// <summary>Texts kept so far.</summary>
    public int Count => _strings.Count;

    /// <summary>The pool's instance of <paramref name="text"/> (kept on first sight); longer texts and null as they are.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Share(string? text)
    {
        if (text is null || text.Length > MaxLength)
        {
            return text;
        }

        if (_strings.TryGetValue(text, out var shared))
        {
            return shared;
        }

        _strings.Add(text);
        return text;
    }
}
