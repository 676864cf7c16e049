namespace PerfEvalAnalytics.Charts;

/// <summary>
/// 完成率分布: actual ÷ target of the quantitative indicator rows, around 100%. Honest reporting spreads around 100%;
/// a tall bar at exactly 100% (targets met exactly) is the bunching that rule L2 tests.
/// </summary>
public static class CompletionRatioChart
{
    public static ScottPlot.Plot Build(IReadOnlyList<HistogramBin> bins, ChartText text)
    {
        var plot = ChartStyle.NewPlot(text.Title, text.XLabel, text.YLabel);
        Histograms.AddBars(plot, bins, ChartStyle.Primary);
        var full = plot.Add.VerticalLine(100);
        full.Color = ChartStyle.Accent;
        full.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.Margins(bottom: 0);
        Histograms.CountAxis(plot);
        return plot;
    }
}
