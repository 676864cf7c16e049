namespace PerfEvalAnalytics.Charts;

/// <summary>A grid of values: <see cref="Values"/>[row, column], null where there is nothing (no form that year).</summary>
public sealed record HeatmapData(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, double?[,] Values);
