namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>The precision a number was filed with: decimals keep their scale from the cell to the rule.</summary>
public static class FiledPrecision
{
    /// <summary>One unit in the last decimal place the value was filed with (98.87 → 0.01, 6 → 1).</summary>
    public static decimal Step(decimal value)
    {
        var scale = (decimal.GetBits(value)[3] >> 16) & 0xFF;
        var step = 1m;
        for (var i = 0; i < scale; i++)
        {
            step /= 10m;
        }

        return step;
    }

    /// <summary>
    /// True when <paramref name="filed"/> is <paramref name="exact"/> rounded (half away from zero) or truncated to
    /// the number of decimals it was filed with: 6 for 5.96 (rounded), 9 for 9.91 (truncated), but not 10 for 9.1.
    /// </summary>
    public static bool IsRoundedOrTruncated(decimal filed, decimal exact)
    {
        var scale = (decimal.GetBits(filed)[3] >> 16) & 0xFF;
        var rounded = Math.Round(exact, scale, MidpointRounding.AwayFromZero);
        var truncated = Math.Round(exact, scale, MidpointRounding.ToZero);
        return filed == rounded || filed == truncated;
    }
}
