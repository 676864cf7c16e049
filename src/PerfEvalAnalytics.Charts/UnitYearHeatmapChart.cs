using ScottPlot;

namespace PerfEvalAnalytics.Charts;

/// <summary>单位 × 年度 热力图: one row per unit, one column per year, the cell coloured by a measure (findings, score).
/// Cells without a form stay blank.</summary>
public static class UnitYearHeatmapChart
{
    public static Plot Build(HeatmapData data, ChartText text)
    {
        var plot = ChartStyle.NewPlot(text.Title, text.XLabel, text.YLabel);
        var rows = data.Rows.Count;
        var columns = data.Columns.Count;
        if (rows == 0 || columns == 0)
        {
            return plot;
        }

        // ScottPlot draws row 0 at the top; values it cannot colour (NaN) stay transparent.
        var grid = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                grid[r, c] = data.Values[r, c] ?? double.NaN;
            }
        }

        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(0, columns, 0, rows);
        plot.Add.ColorBar(heatmap);

        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, columns).Select(c => c + 0.5).ToArray(), [.. data.Columns]);
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(), [.. data.Rows]);
        plot.Axes.SetLimits(0, columns, 0, rows);
        plot.Grid.IsVisible = false;
        return plot;
    }
}
