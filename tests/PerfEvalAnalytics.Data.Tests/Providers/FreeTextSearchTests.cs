using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Data.Search;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>
/// The findings grid's free text and the explanation search go through the bigram indexes; they must find exactly
/// what the plain substring filter (the old LIKE/instr search) finds, for queries of any length, on both providers,
/// and stay in step when forms are replaced and findings re-analysed.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class FreeTextSearchTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    private static Task IngestAndAnalyseAsync(PerfEvalStore store, params string[] paths) =>
        TestStores.IngestAndAnalyseAsync(store, paths);

    /// <summary>Fixed queries (short Chinese words, numbers, punctuation, mixed-case Latin, absent text) and
    /// substrings of 1 to 8 characters cut from the stored texts at seeded random places.</summary>
    private static async Task<List<string>> QueriesAsync(PerfEvalStore store)
    {
        await using var db = await store.Factory.CreateDbContextAsync();
        var texts = await db.IndicatorRows.Where(r => r.Explanation != null && r.Explanation != "")
            .Select(r => r.Explanation!).ToListAsync();
        texts.AddRange(await db.Findings.Select(f => f.Message).ToListAsync());
        texts.AddRange(await db.Findings.Where(f => f.Indicator != null).Select(f => f.Indicator!).ToListAsync());
        var random = new Random(7);
        var queries = new List<string>
        {
            "原因", "疫情", "原", "因", "执行率", "受疫情影响", "0", "10", "%", "≠", "（", "B/A", "b/a", "T", "Q",
            "分", "未", "不存在的说明文字", "zz",
        };
        for (var i = 0; i < 60; i++)
        {
            var t = texts[random.Next(texts.Count)];
            var length = Math.Min(t.Length, 1 + random.Next(8));
            queries.Add(t.Substring(random.Next(t.Length - length + 1), length));
        }

        return [.. queries.Where(q => q.Trim().Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static async Task AssertSameAsPlainSubstringAsync(PerfEvalStore store, List<string> queries)
    {
        var grid = new FindingsGridQuery(store.Factory);
        var explanations = new ExplanationsQuery(store.Factory);
        await using var db = await store.Factory.CreateDbContextAsync();
        var findings = await db.Findings.Select(f => new { f.Id, f.Message, f.Indicator, f.Year, f.Severity })
            .ToListAsync();
        var year = findings.GroupBy(f => f.Year).MaxBy(g => g.Count())!.Key;
        var rows = await db.IndicatorRows.Where(r => r.Explanation != null && r.Explanation != "")
            .Select(r => new { r.Id, r.FormId, r.Line, r.Explanation }).ToListAsync();
        var found = 0;
        foreach (var raw in queries)
        {
            var q = raw.Trim();
            var expectedFindings = findings
                .Where(f => f.Message.Contains(q, StringComparison.Ordinal)
                    || (f.Indicator?.Contains(q, StringComparison.Ordinal) ?? false))
                .Select(f => f.Id).Order().ToList();
            // The old search, as the database ran it.
            var oldFindings = await db.Findings
                .Where(f => f.Message.Contains(q) || (f.Indicator != null && f.Indicator.Contains(q)))
                .Select(f => f.Id).OrderBy(id => id).ToListAsync();
            var page = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: q), Take: 100_000), default);
            Assert.Equal(expectedFindings, oldFindings);

            Assert.True(expectedFindings.SequenceEqual(page.Items.Select(i => i.Id).Order()),
                $"findings for '{q}': expected {expectedFindings.Count}, got {page.Items.Count}");
            Assert.Equal(expectedFindings.Count, page.Total);
            // Combined with other filters, a severity floor and another order (the general path).
            var expectedCombined = findings.Where(f => expectedFindings.Contains(f.Id) && f.Year == year
                && f.Severity >= Severity.Medium).Select(f => f.Id).Order().ToList();
            var combined = await grid.PageAsync(new FindingsPageRequest(
                new FindingFilter(Year: year, MinSeverity: Severity.Medium, Text: q), FindingSort.Unit, true,
                Take: 100_000), default);
            Assert.Equal(expectedCombined, combined.Items.Select(i => i.Id).Order());
            Assert.Equal(expectedCombined.Count, combined.Total);
            // The index-only path pages in the grid's default order: severity first, then id.
            var second = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: q), Skip: 3, Take: 5),
                default);
            Assert.Equal(findings.Where(f => expectedFindings.Contains(f.Id)).OrderByDescending(f => f.Severity)
                .ThenBy(f => f.Id).Skip(3).Take(5).Select(f => f.Id), second.Items.Select(i => i.Id));

            var expectedRows = rows.Where(r => r.Explanation!.Contains(q, StringComparison.Ordinal))
                .Select(r => (r.FormId, r.Line)).Order().ToList();
            var hits = await explanations.SearchAsync(raw, 0, 100_000, default);
            Assert.True(expectedRows.SequenceEqual(hits.Items.Select(h => (h.FormId, h.Line)).Order()),
                $"explanations for '{q}': expected {expectedRows.Count}, got {hits.Items.Count}");
            Assert.Equal(expectedRows.Count, hits.Total);
            found += expectedFindings.Count + expectedRows.Count;
        }

        Assert.True(found > queries.Count, "the queries should find something");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Search_AnyQueryLength_FindsExactlyWhatTheSubstringFilterFinds(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await IngestAndAnalyseAsync(store, TestData.Samples);

        await AssertSameAsPlainSubstringAsync(store, await QueriesAsync(store));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Search_AfterReplaceAndReAnalysis_StaysInStep(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        var path = Path.Combine(Folder, "in", TestData.ReferenceFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(TestData.ReferencePath, path);
        await IngestAndAnalyseAsync(store, path);
        var grid = new FindingsGridQuery(store.Factory);
        var explanations = new ExplanationsQuery(store.Factory);
        const string Marker = "台风停工检修";
        Assert.Equal(0, (await explanations.SearchAsync(Marker, 0, 10, default)).Total);
        var before = await explanations.SearchAsync("原因", 0, 1000, default);

        // Line 34 carries the reference form's explanation; the changed file replaces the form (and its rows).
        File.WriteAllText(path, TestData.ReferenceWith(34, l =>
        {
            var cells = l.Split('\t');
            cells[^1] = Marker + "，延期𠮷野"; // 𠮷 lies outside the BMP: two UTF-16 units, one character
            return string.Join('\t', cells);
        }));
        await IngestAndAnalyseAsync(store, path);

        var hit = Assert.Single((await explanations.SearchAsync(Marker, 0, 10, default)).Items);
        Assert.Equal(34, hit.Line);
        Assert.Equal(1, (await explanations.SearchAsync("台风", 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync("风", 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync("𠮷", 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync("𠮷野", 0, 10, default)).Total);
        Assert.Equal(1, (await explanations.SearchAsync("期𠮷野", 0, 10, default)).Total);
        // The replaced form's rows are gone from the index: no hit points at a row that no longer exists.
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            var formIds = await db.Forms.Select(f => f.Id).ToListAsync();
            Assert.All((await explanations.SearchAsync("原因", 0, 1000, default)).Items,
                r => Assert.Contains(r.FormId, formIds));
        }

        Assert.NotEqual(before.Items.Select(i => i.FormId).Distinct(), [hit.FormId]);
        var messages = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: "应得"), Take: 1000), default);
        Assert.NotEqual(0, messages.Total);
        await AssertSameAsPlainSubstringAsync(store, ["原因", Marker, "风", "应得", "0.41", "执行率"]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Search_QueryWithQueryLanguagePunctuation_IsTakenLiterally(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        var path = Path.Combine(Folder, "in", TestData.ReferenceFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Quotes, backslashes, spaces and tsquery/FTS5 operators must be lexeme text, not query syntax.
        const string Text = "引号'反斜杠\\冒号:*与&或|非!括号(空 格)";
        File.WriteAllText(path, TestData.ReferenceWith(34, l =>
        {
            var cells = l.Split('\t');
            cells[^1] = Text;
            return string.Join('\t', cells);
        }));
        await IngestAndAnalyseAsync(store, path);
        var explanations = new ExplanationsQuery(store.Factory);

        Assert.Equal(34, Assert.Single((await explanations.SearchAsync("号'反斜", 0, 10, default)).Items).Line);
        await AssertSameAsPlainSubstringAsync(store,
            ["'", "\\", ":*", ":", "*", "&", "|", "!", "(", "空 格", "'反", "杠\\冒", "号:*与", "&或|非!", "原因", "率"]);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Search_MoreMatchesThanTheLookupLimit_CountsAndPagesThemAll(DatabaseProvider provider)
    {
        // Past TextSearch.LookupLimit the providers take another path (SQLite probes, PostgreSQL lets the planner
        // walk the page order): the same answers are required there.
        var store = await OpenAsync(provider);
        await IngestAndAnalyseAsync(store, TestData.ReferencePath);
        const string Marker = "批量说明";
        var copies = TextSearch.LookupLimit + 200;
        await using (var db = await store.Factory.CreateDbContextAsync())
        {
            var finding = await db.Findings.AsNoTracking().OrderBy(f => f.Id).FirstAsync();
            var row = await db.IndicatorRows.AsNoTracking().OrderBy(r => r.Id).FirstAsync();
            for (var i = 0; i < copies; i++)
            {
                var f = await db.Findings.AsNoTracking().SingleAsync(x => x.Id == finding.Id);
                f.Id = 0;
                f.Key = $"{finding.Key}#{i}";
                f.Severity = (Severity)(i % 3);
                f.Message = $"{Marker}{i}";
                db.Findings.Add(f);
                var r = await db.IndicatorRows.AsNoTracking().SingleAsync(x => x.Id == row.Id);
                r.Id = 0;
                r.Ordinal = 1000 + i;
                r.Explanation = $"第{i}条{Marker}";
                db.IndicatorRows.Add(r);
            }

            await db.SaveChangesAsync();
        }

        var grid = new FindingsGridQuery(store.Factory);
        await using var check = await store.Factory.CreateDbContextAsync();
        var all = await check.Findings.Select(f => new { f.Id, f.Severity, f.Message }).ToListAsync();
        var expected = all.Where(f => f.Message.Contains(Marker, StringComparison.Ordinal))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Id).Select(f => f.Id).ToList();
        Assert.True(expected.Count > TextSearch.LookupLimit);
        var page = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Text: Marker), Skip: 1234, Take: 20),
            default);
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected.Skip(1234).Take(20), page.Items.Select(i => i.Id));
        var high = await grid.PageAsync(new FindingsPageRequest(
            new FindingFilter(MinSeverity: Severity.High, Text: Marker), FindingSort.Severity, Take: 100_000), default);
        Assert.Equal(all.Where(f => expected.Contains(f.Id) && f.Severity >= Severity.High).Select(f => f.Id).Order(),
            high.Items.Select(i => i.Id).Order());

        var explanations = await new ExplanationsQuery(store.Factory).SearchAsync(Marker, 0, 100_000, default);
        Assert.Equal(copies, explanations.Total);
        Assert.Equal(copies, explanations.Items.Count);
    }
}
