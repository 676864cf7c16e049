using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// A finding's evidence: read-only, keys in ordinal order, held in one sorted array. A run keeps every finding until
/// it is stored (tens of thousands on a large corpus); a sorted dictionary costs about four times the memory for the
/// handful of numbers a finding carries.
/// </summary>
public sealed class EvidenceDictionary : IReadOnlyDictionary<string, double>
{
    private readonly KeyValuePair<string, double>[] _entries;

    private EvidenceDictionary(KeyValuePair<string, double>[] entries) => _entries = entries;

    /// <summary>The map of <paramref name="evidence"/>; a key given twice keeps its last value.</summary>
    public static EvidenceDictionary Of(IEnumerable<KeyValuePair<string, double>> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var list = new List<KeyValuePair<string, double>>(evidence is ICollection<KeyValuePair<string, double>> c ? c.Count : 8);
        foreach (var (key, value) in evidence)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(evidence));
            var at = list.FindIndex(e => string.Equals(e.Key, key, StringComparison.Ordinal));
            if (at >= 0)
            {
                list[at] = new(key, value);
            }
            else
            {
                list.Add(new(key, value));
            }
        }

        var entries = list.ToArray();
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new EvidenceDictionary(entries);
    }

    public int Count => _entries.Length;

    public double this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no evidence named {key}");

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<double> Values => _entries.Select(e => e.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, double>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int lo = 0, hi = _entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_entries[mid].Key, key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }
}
