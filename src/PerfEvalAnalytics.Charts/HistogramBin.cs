namespace PerfEvalAnalytics.Charts;

/// <summary>One bar of a histogram: [<paramref name="Lower"/>, <paramref name="Upper"/>) holding
/// <paramref name="Count"/> values.</summary>
public sealed record HistogramBin(double Lower, double Upper, int Count);
