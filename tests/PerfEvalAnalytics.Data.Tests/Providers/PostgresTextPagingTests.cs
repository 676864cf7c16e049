using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Data.Search;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>
/// PostgreSQL pages a free-text query by counting per severity and walking the page's severities in id order
/// (<see cref="PostgresTextPage"/>). With its thresholds lowered, a small store crosses them: every page must hold
/// the rows, order and total of an in-memory substring filter and of the general path (the same order asked as a
/// severity sort), whether the walk gave the page or it fell back.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresTextPagingTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    private const string Dense = "批量说明";
    private const string Sparse = "稀有情形";
    private const int Copies = 900;

    /// <summary>Low enough that the dense marker's 720 matches are walked, but a walk reads at most 400 findings.</summary>
    private static readonly TextPaging Lowered = new(DenseMatches: 50, WalkRows: 400);

    private sealed record Stored(long Id, Severity Severity, int Year, string Rule, string Message, string? Indicator);

    /// <summary>The reference form's findings, and copies of its first finding: four in five carry the dense marker,
    /// every 97th the sparse one, severities in turn, two years, every fourth rule E2.</summary>
    private async Task<(PerfEvalStore Store, List<Stored> All)> StoreAsync()
    {
        var store = await OpenAsync(DatabaseProvider.PostgreSQL);
        await TestStores.IngestAndAnalyseAsync(store, [TestData.ReferencePath]);
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            var first = await db.Findings.AsNoTracking().OrderBy(f => f.Id).FirstAsync();
            for (var i = 0; i < Copies; i++)
            {
                var f = await db.Findings.AsNoTracking().SingleAsync(x => x.Id == first.Id);
                f.Id = 0;
                f.Key = $"{first.Key}#{i}";
                f.Severity = (Severity)(i % 3);
                f.Year = i % 2 == 0 ? 2022 : 2023;
                f.RuleCode = i % 4 == 0 ? "E2" : f.RuleCode;
                f.Message = (i % 5 == 1 ? $"其他说明{i}" : $"{Dense}{i}") + (i % 97 == 0 ? Sparse : "");
                f.Indicator = i % 7 == 0 ? $"指标{Dense}" : f.Indicator;
                db.Findings.Add(f);
            }

            await db.SaveChangesAsync();
        }

        await using var read = await store.Factory.CreateDbContextAsync();
        var all = await read.Findings.AsNoTracking()
            .Select(f => new Stored(f.Id, f.Severity, f.Year, f.RuleCode, f.Message, f.Indicator)).ToListAsync();
        return (store, all);
    }

    private static List<Stored> Matching(List<Stored> all, FindingFilter filter) =>
    [
        .. all.Where(f => (f.Message.Contains(filter.Text!, StringComparison.Ordinal)
                    || (f.Indicator?.Contains(filter.Text!, StringComparison.Ordinal) ?? false))
                && f.Severity >= (filter.MinSeverity ?? Severity.Low)
                && f.Year == (filter.Year ?? f.Year) && f.Rule == (filter.Rule ?? f.Rule))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Id),
    ];

    /// <summary>The page through the walk (or its fallback), against the in-memory filter and the general path.</summary>
    private static async Task<bool> AssertPageAsync(PerfEvalStore store, List<Stored> all, TextPaging paging,
        FindingsPageRequest request)
    {
        var expected = Matching(all, request.Filter);
        bool walked;
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            var page = await PostgresTextPage.PageAsync(db, request, paging, default);
            Assert.NotNull(page);
            Assert.Equal(expected.Count, page.Value.Total);
            Assert.Equal(expected.Skip(request.Skip).Take(request.Take).Select(f => f.Id), page.Value.Ids);
            walked = page.Value.Walked;
        }

        var grid = new FindingsGridQuery(store.Factory) { Paging = paging };
        var shown = await grid.PageAsync(request, default);
        var general = await grid.PageAsync(request with { Sort = FindingSort.Severity, Descending = true }, default);
        Assert.Equal(expected.Skip(request.Skip).Take(request.Take).Select(f => f.Id), shown.Items.Select(i => i.Id));
        Assert.Equal(general.Items.Select(i => i.Id), shown.Items.Select(i => i.Id));
        Assert.Equal(general.Total, shown.Total);
        return walked;
    }

    [Fact]
    public async Task TextOnly_PagesAcrossSeverities_AsTheGeneralPathDoes()
    {
        var (store, all) = await StoreAsync();
        var filter = new FindingFilter(Text: Dense);
        var matches = Matching(all, filter);
        var high = matches.Count(f => f.Severity == Severity.High);
        Assert.True(matches.Count > Lowered.DenseMatches && high > 20, "the store should cross the thresholds");

        Assert.True(await AssertPageAsync(store, all, Lowered, new(filter)), "first page");
        Assert.True(await AssertPageAsync(store, all, Lowered, new(filter, Skip: high - 7)), "High into Medium");
        Assert.True(await AssertPageAsync(store, all, Lowered, new(filter, Skip: matches.Count - 5)), "last page");
        Assert.True(await AssertPageAsync(store, all, Lowered, new(filter, Skip: matches.Count + 10)), "past the end");
        Assert.True(await AssertPageAsync(store, all, Lowered,
            new(new FindingFilter(MinSeverity: Severity.Medium, Text: Dense), Skip: 30, Take: 50)), "severity floor");
        // Under the dense threshold the general path's page query gives the page.
        Assert.False(await AssertPageAsync(store, all, Lowered with { DenseMatches = matches.Count }, new(filter)));
    }

    [Fact]
    public async Task TextOnly_WalkFallingShort_FallsBackToTheSameRows()
    {
        var (store, all) = await StoreAsync();
        var dense = new FindingFilter(Text: Dense);
        var high = Matching(all, dense).Count(f => f.Severity == Severity.High);

        // A deep page: past the walk's bound before it starts.
        Assert.False(await AssertPageAsync(store, all, Lowered with { WalkRows = 100 }, new(dense, Skip: 150)));
        // The walk runs and finds too few: the first 100 High findings hold fewer than 100 matches.
        Assert.True(high > 100);
        Assert.False(await AssertPageAsync(store, all, Lowered with { WalkRows = 100 }, new(dense, Skip: 80)));
        // Sparse matches: ten among 900 copies, the walk's 100 findings of a severity hold too few for a page.
        var sparse = new FindingFilter(Text: Sparse);
        Assert.Equal(10, Matching(all, sparse).Count);
        Assert.False(await AssertPageAsync(store, all, new(DenseMatches: 5, WalkRows: 100), new(sparse)));
        Assert.False(await AssertPageAsync(store, all, new(DenseMatches: 5, WalkRows: 100), new(sparse, Skip: 4)));
    }

    [Fact]
    public async Task CountUpToACap_StopsThereButKeepsEveryMatch()
    {
        var (store, all) = await StoreAsync();
        var expected = Matching(all, new FindingFilter(Text: Dense)).Select(f => f.Id).Order().ToList();
        await using var db = await store.Factory.CreateDbContextAsync();

        var capped = await TextSearch.FindingsCountedUpToAsync(db, Dense, 100, default);
        var above = await TextSearch.FindingsCountedUpToAsync(db, Dense, expected.Count + 1, default);
        var exact = await TextSearch.FindingsAsync(db, Dense, default);

        Assert.Equal(100, capped.Count);
        Assert.Equal(expected.Count, above.Count);
        Assert.Equal(expected.Count, exact.Count);
        Assert.Equal(expected, await capped.Ids.OrderBy(id => id).ToListAsync());
        Assert.Equal(0, (await TextSearch.FindingsCountedUpToAsync(db, "不存在的说明文字", 100, default)).Count);
    }

    [Fact]
    public async Task TextWithOtherFilters_AndNoMatches_GiveTheInMemoryRows()
    {
        var (store, all) = await StoreAsync();
        // Lowered, many matches put the text condition into the other filters' scan; never lowered, their ids are
        // matched as before.
        var grid = new FindingsGridQuery(store.Factory) { Paging = Lowered };
        var before = new FindingsGridQuery(store.Factory) { Paging = new(int.MaxValue, 0) };
        foreach (var filter in new[]
                 {
                     new FindingFilter(Year: 2022, Text: Dense),
                     new FindingFilter(Rule: "E2", MinSeverity: Severity.Medium, Text: Dense),
                     new FindingFilter(Rule: "E2", MinSeverity: Severity.Medium, Year: 2022, Text: "说明"),
                     new FindingFilter(Year: 2022, Text: Sparse),
                 })
        {
            var expected = Matching(all, filter);
            Assert.True(expected.Count > 2, $"{filter} should find some");
            foreach (var skip in new[] { 0, expected.Count - 3, expected.Count + 1 })
            {
                var request = new FindingsPageRequest(filter, Skip: skip);
                var page = await grid.PageAsync(request, default);
                Assert.Equal(expected.Count, page.Total);
                Assert.Equal(expected.Skip(skip).Take(20).Select(f => f.Id), page.Items.Select(i => i.Id));
                var old = await before.PageAsync(request, default);
                Assert.Equal(old.Total, page.Total);
                Assert.Equal(old.Items.Select(i => i.Id), page.Items.Select(i => i.Id));
            }

            var exported = new List<long>();
            await foreach (var item in grid.ExportAsync(filter, default))
            {
                exported.Add(item.Id);
            }

            Assert.Equal(expected.Select(f => f.Id), exported);
        }

        const string None = "不存在的说明文字";
        Assert.Empty(Matching(all, new FindingFilter(Text: None)));
        await AssertPageAsync(store, all, Lowered with { DenseMatches = 0 }, new(new FindingFilter(Text: None)));
        var nothing = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Year: 2022, Text: None)), default);
        Assert.Equal(0, nothing.Total);
        Assert.Empty(nothing.Items);
    }
}
