using ScottPlot;

namespace PerfEvalAnalytics.Charts;

/// <summary>A measure across years, one line per unit (执行率, 总分, 精确达标占比, 发现数 …).</summary>
public static class TrendChart
{
    public static Plot Build(IReadOnlyList<YearSeries> series, ChartText text)
    {
        var plot = ChartStyle.NewPlot(text.Title, text.XLabel, text.YLabel);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var points = s.Points.OrderBy(p => p.Year).ToArray();
            var scatter = plot.Add.Scatter(points.Select(p => (double)p.Year).ToArray(),
                points.Select(p => p.Value).ToArray(), palette.GetColor(i));
            scatter.LegendText = s.Name;
            scatter.MarkerSize = 7;
            scatter.LineWidth = 2;
        }

        var years = series.SelectMany(s => s.Points.Select(p => p.Year)).Distinct().Order().ToArray();
        if (years.Length > 0)
        {
            // Whole years only: a tick at 2023.5 means nothing to a reader.
            plot.Axes.Bottom.SetTicks(years.Select(y => (double)y).ToArray(),
                years.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plot.Axes.SetLimitsX(years[0] - 0.5, years[^1] + 0.5);
        }

        if (series.Count > 0)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot;
    }
}
