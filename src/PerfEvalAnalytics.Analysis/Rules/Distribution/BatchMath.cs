namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>Order statistics and spreads for batch rules (no dependency on a statistics package).</summary>
internal static class BatchMath
{
    /// <summary>Consistency constant that turns a MAD into an estimate of σ under normality (RULES.md L5).</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("median of an empty list", nameof(values));
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.</summary>
    public static double SampleStdDev(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// Burgstahler–Dichev: (n_k − (n_{k−1} + n_{k+1}) / 2) / sqrt(N p_k (1 − p_k) + ¼ N (p_{k−1} + p_{k+1})
    /// (1 − p_{k−1} − p_{k+1})). When the variance is 0 (every row in one bin, or none near it) it is taken as 1,
    /// one row's worth of noise, so the statistic stays finite and a full pile-up is still a peak.
    /// </summary>
    public static double StandardisedDifference(int at, int left, int right, int total)
    {
        double n = total;
        var pk = at / n;
        var pn = (left + right) / n;
        var variance = (n * pk * (1 - pk)) + (n * pn * (1 - pn) / 4);
        var expected = (left + right) / 2.0;
        return (at - expected) / Math.Sqrt(variance > 0 ? variance : 1);
    }
}
