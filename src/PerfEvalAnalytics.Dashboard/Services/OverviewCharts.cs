using PerfEvalAnalytics.Charts;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>The measures the units page can chart across years.</summary>
public enum UnitMeasure
{
    ExecutionRate,
    TotalScore,
    ExactShare,
    Findings,
}

/// <summary>Charts as SVG: query results through the Charts recipes, labelled in the reader's language.</summary>
public sealed class OverviewCharts(OverviewQuery overview, UiText text)
{
    /// <summary>Grade cut-offs marked on the score distribution (优 90, 良 80, 中 60).</summary>
    private static readonly double[] GradeCutoffs = [60, 80, 90];

    private const int Width = 560;
    private const int Height = 320;

    public async Task<string> ScoreDistributionAsync(CancellationToken ct)
    {
        var bins = await overview.ScoreHistogramAsync(1, ct);
        return ChartStyle.ToSvg(ScoreDistributionChart.Build(Bins(bins), GradeCutoffs,
            new ChartText(text["chart.score.title"], text["chart.score.x"], text["chart.forms"])), Width, Height);
    }

    public async Task<string> CompletionDistributionAsync(CancellationToken ct)
    {
        var bins = await overview.CompletionHistogramAsync(2, 50, 150, ct);
        return ChartStyle.ToSvg(CompletionRatioChart.Build(Bins(bins),
            new ChartText(text["chart.completion.title"], text["chart.completion.x"], text["chart.rows"])),
            Width, Height);
    }

    public async Task<string> HeatmapAsync(int top, CancellationToken ct)
    {
        var grid = await overview.FindingsByUnitYearAsync(top, ct);
        var values = new double?[grid.Units.Count, grid.Years.Count];
        for (var r = 0; r < grid.Units.Count; r++)
        {
            for (var c = 0; c < grid.Years.Count; c++)
            {
                values[r, c] = grid.Counts[r, c];
            }
        }

        var data = new HeatmapData(grid.Units, [.. grid.Years.Select(y => y.ToString(
            System.Globalization.CultureInfo.InvariantCulture))], values);
        var height = Math.Max(Height, 90 + (22 * grid.Units.Count));
        return ChartStyle.ToSvg(UnitYearHeatmapChart.Build(data, new ChartText(text["chart.heatmap.title"],
            text["year"])), Width + 200, height);
    }

    public string Trend(IReadOnlyList<UnitTrend> trends, UnitMeasure measure)
    {
        var series = trends.Select(t => new YearSeries(t.Unit, [.. t.Years
            .Select(y => (y.Year, Value(y, measure)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.Year, p.Item2!.Value))])).ToList();
        var title = text["measure." + measure];
        return ChartStyle.ToSvg(TrendChart.Build(series, new ChartText(title, text["year"], title)), 760, 380);
    }

    /// <summary>A unit's percentile among its peers across years, one line per measure (the unit's forms of the
    /// kind it filed most, averaged within a year).</summary>
    public string PeerPositions(IReadOnlyList<PeerPosition> positions)
    {
        var kind = positions.GroupBy(p => p.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key).FirstOrDefault();
        var ofKind = positions.Where(p => p.Kind == kind).ToList();
        var series = Enum.GetValues<PeerMeasure>().Select(m => new YearSeries(text["measure." + m], [.. ofKind
            .Select(p => (p.Year, Percentile: p.Standings[m].Percentile))
            .Where(p => p.Percentile is not null)
            .GroupBy(p => p.Year)
            .Select(g => (g.Key, g.Average(p => p.Percentile!.Value)))])).ToList();
        return ChartStyle.ToSvg(TrendChart.Build(series, new ChartText(
            text["peers.chart.title"] + " · " + text.Kind(kind), text["year"], text["peers.percentile"])), 760, 340);
    }

    private static double? Value(UnitYear y, UnitMeasure measure) => measure switch
    {
        UnitMeasure.ExecutionRate => y.ExecutionRate * 100,
        UnitMeasure.TotalScore => y.TotalScore,
        UnitMeasure.ExactShare => y.ExactShare * 100,
        _ => y.Findings,
    };

    private static List<HistogramBin> Bins(IReadOnlyList<ValueBin> bins) =>
        [.. bins.Select(b => new HistogramBin(b.Lower, b.Upper, b.Count))];
}
