using ScottPlot;

namespace PerfEvalAnalytics.Charts;

/// <summary>Counts per category as horizontal-label bars (findings per rule, per severity …).</summary>
public static class CategoryBarsChart
{
    public static Plot Build(IReadOnlyList<(string Label, double Value)> bars, ChartText text)
    {
        var plot = ChartStyle.NewPlot(text.Title, text.XLabel, text.YLabel);
        var items = bars.Select((b, i) => new Bar { Position = i, Value = b.Value, FillColor = ChartStyle.Primary })
            .ToList();
        plot.Add.Bars(items);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(),
            bars.Select(b => b.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        return plot;
    }
}
