namespace PerfEvalAnalytics.Charts;

/// <summary>The words on a chart, in the reader's language (recipes hold no UI text of their own).</summary>
public sealed record ChartText(string Title, string? XLabel = null, string? YLabel = null);
