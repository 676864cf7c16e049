using System.Globalization;
using PerfEvalAnalytics.Charts;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>
/// Units across years as chart data: the measures of <see cref="UnitTrendsQuery"/> (执行率, 总分, 精确达标占比) per
/// unit and year, as lines for <see cref="TrendChart"/> or as a units × years grid for
/// <see cref="UnitYearHeatmapChart"/>.
/// </summary>
public static class UnitTrendTables
{
    /// <summary>Every unit in the store, by name; the query compares at most <see cref="UnitTrendsQuery.MaxUnits"/>
    /// units at once, so they are asked for in groups of that size.</summary>
    public static async Task<IReadOnlyList<UnitTrend>> AllAsync(UnitTrendsQuery query,
        CancellationToken cancellationToken)
    {
        var units = await query.SearchAsync(null, int.MaxValue, cancellationToken);
        var trends = new List<UnitTrend>();
        foreach (var group in units.Chunk(UnitTrendsQuery.MaxUnits))
        {
            trends.AddRange(await query.TrendsAsync([.. group.Select(u => u.Id)], cancellationToken));
        }

        return trends;
    }

    /// <summary>One line per unit: the years where <paramref name="measure"/> has a value.</summary>
    public static IReadOnlyList<YearSeries> Series(IEnumerable<UnitTrend> trends, Func<UnitYear, double?> measure) =>
        [.. trends.Select(t => new YearSeries(t.Unit, [.. t.Years
            .Select(y => (y.Year, Value: measure(y)))
            .Where(p => p.Value is not null)
            .Select(p => (p.Year, p.Value!.Value))]))];

    /// <summary>One row per unit (in the order given), one column per year present in any unit; a cell is empty
    /// where the unit filed nothing that year or the measure has no value.</summary>
    public static HeatmapData Heatmap(IReadOnlyList<UnitTrend> trends, Func<UnitYear, double?> measure)
    {
        var years = trends.SelectMany(t => t.Years.Select(y => y.Year)).Distinct().Order().ToList();
        var values = new double?[trends.Count, years.Count];
        for (var r = 0; r < trends.Count; r++)
        {
            foreach (var y in trends[r].Years)
            {
                values[r, years.IndexOf(y.Year)] = measure(y);
            }
        }

        return new HeatmapData([.. trends.Select(t => t.Unit)],
            [.. years.Select(y => y.ToString(CultureInfo.InvariantCulture))], values);
    }
}
