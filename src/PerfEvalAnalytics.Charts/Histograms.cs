using ScottPlot;

namespace PerfEvalAnalytics.Charts;

internal static class Histograms
{
    /// <summary>Counts are whole numbers: no tick at 0.2 forms.</summary>
    public static void CountAxis(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Adjacent bars, one per bin, each as wide as its bin.</summary>
    public static void AddBars(Plot plot, IReadOnlyList<HistogramBin> bins, Color color)
    {
        var bars = bins.Select(b => new Bar
        {
            Position = (b.Lower + b.Upper) / 2,
            Value = b.Count,
            Size = b.Upper - b.Lower,
            FillColor = color,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
    }
}
