namespace PerfEvalAnalytics.Charts;

/// <summary>
/// 自评得分分布: how many forms scored in each band. Bunching just above a grade cut-off (90 = 优) shows as a spike
/// next to the marked cut-offs.
/// </summary>
public static class ScoreDistributionChart
{
    public static ScottPlot.Plot Build(IReadOnlyList<HistogramBin> bins, IReadOnlyList<double> cutoffs,
        ChartText text)
    {
        var plot = ChartStyle.NewPlot(text.Title, text.XLabel, text.YLabel);
        Histograms.AddBars(plot, bins, ChartStyle.Primary);
        foreach (var cutoff in cutoffs)
        {
            var line = plot.Add.VerticalLine(cutoff);
            line.Color = ChartStyle.Accent;
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }

        plot.Axes.Margins(bottom: 0);
        Histograms.CountAxis(plot);
        return plot;
    }
}
