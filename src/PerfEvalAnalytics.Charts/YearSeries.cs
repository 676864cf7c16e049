namespace PerfEvalAnalytics.Charts;

/// <summary>One named line of a chart across years.</summary>
public sealed record YearSeries(string Name, IReadOnlyList<(int Year, double Value)> Points);
