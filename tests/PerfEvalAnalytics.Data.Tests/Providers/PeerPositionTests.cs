using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>A unit's position among the forms of the same year and kind in its district, on both providers.</summary>
[Collection(PostgresTests.Name)]
public sealed class PeerPositionTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    [Theory]
    [InlineData("上海市闵行区虹桥镇城市运行管理中心", "上海市闵行区")]
    [InlineData("示例区教育局", "示例区")]
    [InlineData("金寨县财政局", "金寨县")]
    [InlineData("云南省临沧市永德县明朗中学", "云南省临沧市永德县")]
    [InlineData("鄂州市财政局", null)]
    [InlineData("合成单位000123", null)]
    public void District_FromTheUnitName(string unit, string? district) =>
        Assert.Equal(district, UnitNames.District(unit));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task ForUnit_RanksAmongTheDistrictsFormsOfTheSameYearAndKind(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await TestStores.IngestAndAnalyseAsync(store, TestStores.District2024AndReference());
        var forms = await new FormLoader(store.Factory).LoadAllAsync(default);
        long unitId;
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            unitId = await db.Units.Where(u => u.Name == "示例区教育局").Select(u => u.Id).SingleAsync();
        }

        var query = new PeerPositionQuery(store.Factory);
        var positions = await query.ForUnitAsync(unitId, default);

        var dept = Assert.Single(positions, p => p.Kind == FormKind.DepartmentOverall);
        Assert.Equal("示例区", dept.District);
        var peers = forms.Where(f => f.Form.Year == 2024 && f.Form.Kind == FormKind.DepartmentOverall
            && UnitNames.District(f.Form.UnitName) == "示例区").Select(f => FormMeasures.Of(f, 0)).ToList();
        Assert.Equal(peers.Count, dept.GroupSize);
        Assert.True(peers.Count > 10);
        // The same rank and percentile computed here from the Analysis metrics of every peer form.
        var mine = FormMeasures.Of(forms.Single(f => f.Id == dept.FormId), 0);
        var rates = peers.Select(p => p.ExecutionRate).OfType<double>().ToList();
        var rate = dept.Standings[PeerMeasure.ExecutionRate];
        Assert.Equal(mine.ExecutionRate, rate.Value);
        Assert.Equal(rates.Count, rate.Peers);
        Assert.Equal(rates.Count(r => r > mine.ExecutionRate) + 1, rate.Rank);
        var below = rates.Count(r => r < mine.ExecutionRate);
        var same = rates.Count(r => r == mine.ExecutionRate);
        Assert.Equal(100.0 * (below + (0.5 * (same - 1))) / (rates.Count - 1), rate.Percentile!.Value, 9);
        Assert.All(positions, p => Assert.Equal(4, p.Standings.Count));

        // A unit alone in its district: one peer, no percentile.
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            unitId = await db.Units.Where(u => u.Name == "上海市闵行区虹桥镇城市运行管理中心").Select(u => u.Id).SingleAsync();
        }

        var alone = Assert.Single(await query.ForUnitAsync(unitId, default));
        Assert.Equal("上海市闵行区", alone.District);
        Assert.Equal(1, alone.GroupSize);
        Assert.Null(alone.Standings[PeerMeasure.TotalScore].Percentile);
        Assert.Equal(1, alone.Standings[PeerMeasure.TotalScore].Rank);
    }
}
