using PerfEvalAnalytics.Charts;
using ScottPlot;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>Charts as notebook outputs.</summary>
public static class ChartImage
{
    /// <summary>The plot as base64 PNG, the form a Jupyter <c>image/png</c> output holds
    /// (<c>ChartImage.Png(plot, 760, 380).DisplayAs("image/png")</c>).</summary>
    public static string Png(Plot plot, int width, int height) =>
        Convert.ToBase64String(ChartStyle.ToPng(plot, width, height));
}
