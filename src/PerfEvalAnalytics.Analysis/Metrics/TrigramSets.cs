namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// Character 3-gram sets as sorted arrays of packed codes, for comparing many texts quickly. Each code packs up to
/// three UTF-16 characters (17 bits each, character + 1, missing = 0), so codes are exact (no hashing) and compare as
/// the strings compare ordinally. The sets are those of <see cref="Indicators.TrigramSet"/> and give the same Jaccard.
/// </summary>
public static class TrigramSets
{
    private const int CharBits = 17;

    /// <summary>The distinct 3-grams of an already normalised text (<see cref="Indicators.NormalizeText"/>), sorted.</summary>
    public static long[] Of(string normalized)
    {
        if (normalized.Length == 0)
        {
            return [];
        }

        if (normalized.Length < 3)
        {
            return [Pack(normalized, 0, normalized.Length)];
        }

        var codes = new long[normalized.Length - 2];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = Pack(normalized, i, 3);
        }

        Array.Sort(codes);
        var n = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            if (n == 0 || codes[i] != codes[n - 1])
            {
                codes[n++] = codes[i];
            }
        }

        return n == codes.Length ? codes : codes[..n];
    }

    /// <summary>Jaccard similarity of two sorted code sets (0 when either is empty), as <see cref="Indicators.Jaccard"/>.</summary>
    public static double Jaccard(long[] x, long[] y)
    {
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        var common = Common(x, 0, y, 0);
        return Ratio(common, x.Length, y.Length);
    }

    /// <summary>Jaccard from the common count and the two sizes (the one formula every caller uses).</summary>
    public static double Ratio(int common, int xCount, int yCount) => (double)common / (xCount + yCount - common);

    /// <summary>How many elements two ascending arrays share, from the given start positions.</summary>
    public static int Common<T>(T[] x, int i, T[] y, int k)
        where T : IComparable<T>
    {
        var common = 0;
        while (i < x.Length && k < y.Length)
        {
            var c = x[i].CompareTo(y[k]);
            if (c == 0)
            {
                common++;
                i++;
                k++;
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                k++;
            }
        }

        return common;
    }

    private static long Pack(string s, int start, int length)
    {
        long code = 0;
        for (var i = 0; i < 3; i++)
        {
            code = (code << CharBits) | (i < length ? s[start + i] + 1L : 0L);
        }

        return code;
    }
}
