using System.Runtime.InteropServices;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// All pairs of sets whose Jaccard similarity reaches a threshold, without comparing every pair: the prefix-filtered
/// set-similarity join (PPJoin: Xiao et al., "Efficient similarity joins for near duplicate detection", 2008).
/// </summary>
/// <remarks>
/// Elements are ranked rarest first (ties by code); two sets with Jaccard ≥ t share one of the first
/// |S| − ⌈t·|S|⌉ + 1 elements of each (prefix filter). Sets are visited smallest first, so an earlier set smaller than
/// t·|S| cannot match (length filter) and is skipped for good. At the first shared prefix element, at positions p and
/// q, the overlap is at most 1 + min(|x| − p − 1, |y| − q − 1) (positional filter), and counting the rest starts
/// after p and q. The filters are exact: every pair at or above the threshold is returned, with the same Jaccard as a
/// direct comparison, in a fixed order (by set visited, then by first shared prefix element, then by earlier set).
/// </remarks>
public static class SimilarityJoin
{
    /// <summary>Pairs (I &lt; K) of <paramref name="sets"/> (each sorted ascending, distinct) with Jaccard ≥ threshold.</summary>
    public static IEnumerable<(int I, int K, double Jaccard)> Pairs(IReadOnlyList<long[]> sets, double threshold)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return Pairs(sets.Count, i => sets[i], threshold);
    }

    /// <summary>
    /// Pairs (I &lt; K) of <paramref name="count"/> sets with Jaccard ≥ threshold, each set made by
    /// <paramref name="setOf"/> (sorted ascending, distinct; the same set every time it is asked for). Each set is
    /// asked for twice (to count its elements, then to rank them) and not kept: the join holds the sets' ranks, half
    /// the size of their codes, and not the codes of every set at once.
    /// </summary>
    public static IEnumerable<(int I, int K, double Jaccard)> Pairs(int count, Func<int, long[]> setOf, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(setOf);
        var frequency = new Dictionary<long, int>();
        for (var s = 0; s < count; s++)
        {
            foreach (var code in setOf(s))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(frequency, code, out _)++;
            }
        }

        var ranked = frequency.Keys.ToArray();
        // Rarest first, ties by code; then the dictionary maps each code to its rank instead of its frequency.
        Array.Sort(ranked, (a, b) => frequency[a] != frequency[b] ? frequency[a].CompareTo(frequency[b]) : a.CompareTo(b));
        for (var r = 0; r < ranked.Length; r++)
        {
            frequency[ranked[r]] = r;
        }

        var ranks = new int[count][];
        for (var s = 0; s < count; s++)
        {
            var set = setOf(s);
            var r = new int[set.Length];
            for (var e = 0; e < r.Length; e++)
            {
                r[e] = frequency[set[e]];
            }

            Array.Sort(r);
            ranks[s] = r;
        }

        return Join(ranks, ranked.Length, threshold);
    }

    private static IEnumerable<(int I, int K, double Jaccard)> Join(int[][] ranks, int elementCount, double threshold)
    {
        var order = Enumerable.Range(0, ranks.Length).OrderBy(i => ranks[i].Length).ToList();
        var postings = new List<(int Set, int Position)>?[elementCount];
        var start = new int[elementCount]; // postings before this are too small for every later (larger) set
        var seenBy = new int[ranks.Length];
        var visit = 0;
        foreach (var k in order)
        {
            visit++;
            var x = ranks[k];
            var minSize = threshold * x.Length;
            var prefix = Math.Min(x.Length, x.Length - (int)Math.Ceiling(threshold * x.Length) + 1);
            for (var p = 0; p < prefix; p++)
            {
                var list = postings[x[p]] ??= [];
                while (start[x[p]] < list.Count && ranks[list[start[x[p]]].Set].Length < minSize)
                {
                    start[x[p]]++;
                }

                for (var n = start[x[p]]; n < list.Count; n++)
                {
                    var (i, q) = list[n];
                    if (seenBy[i] == visit)
                    {
                        continue;
                    }

                    seenBy[i] = visit;
                    var y = ranks[i];
                    var bound = 1 + Math.Min(x.Length - p - 1, y.Length - q - 1);
                    if (TrigramSets.Ratio(bound, x.Length, y.Length) < threshold)
                    {
                        continue;
                    }

                    var j = TrigramSets.Ratio(1 + TrigramSets.Common(x, p + 1, y, q + 1), x.Length, y.Length);
                    if (j >= threshold)
                    {
                        yield return (Math.Min(i, k), Math.Max(i, k), j);
                    }
                }

                list.Add((k, p));
            }
        }
    }
}
