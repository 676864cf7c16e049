namespace PerfEvalAnalytics.Analysis.Outliers;

/// <summary>Median and MAD, the robust location and scale ML1 standardises features and scores with.</summary>
internal static class RobustStats
{
    /// <summary>
    /// 1.4826 = 1/Φ⁻¹(3/4): scales the MAD so that it estimates the standard deviation of normal data, and a robust
    /// z is read in SD units (Iglewicz &amp; Hoaglin 1993; Rousseeuw &amp; Croux 1993).
    /// </summary>
    public const double MadToSd = 1.4826;

    /// <summary>The median; 0 for an empty list.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// The MAD scaled to SD units (median |x − median| × 1.4826); 1 when it is 0, so that a feature on which most
    /// forms agree is read on its own scale instead of blowing every difference up to infinity.
    /// </summary>
    public static double ScaledMad(IReadOnlyCollection<double> values, double median)
    {
        var mad = RawScaledMad(values, median);
        return mad > 0 ? mad : 1;
    }

    /// <summary>median |x − median| × 1.4826, 0 included.</summary>
    public static double RawScaledMad(IReadOnlyCollection<double> values, double median) =>
        Median(values.Select(v => Math.Abs(v - median))) * MadToSd;
}
