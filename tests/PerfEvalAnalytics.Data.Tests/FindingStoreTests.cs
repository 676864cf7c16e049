using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Export;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

public sealed class FindingStoreTests
{
    private static readonly RuleInfo TestRule = new("S5", "执行率计算错误", "Execution rate miscomputed", "S");

    private static Finding FindingAt(EvaluationForm form, int line, string message = "执行率不符") =>
        Finding.ForForm(TestRule, Severity.High, form, line, $"{message}", $"rate off",
            [new("A", 100), new("B", 90)]);

    private static async Task<(TempDatabase Db, IReadOnlyList<StoredForm> Forms)> ReferenceAsync()
    {
        var db = await TempDatabase.CreateAsync();
        await db.IngestAsync(TestData.ReferencePath);
        return (db, await new FormLoader(db.Factory).LoadAllAsync(default));
    }

    private static Task<StoredRun> SaveAsync(TempDatabase db, IReadOnlyList<StoredForm> forms,
        params Finding[] findings) =>
        new FindingStore(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .SaveRunAsync(new AnalysisResult(findings, "hash", 1, forms.Count), forms, DateTime.UtcNow, default);

    private static async Task<List<FindingListItem>> ListAsync(TempDatabase db, FindingFilter? filter = null)
    {
        var list = new List<FindingListItem>();
        await foreach (var f in new FindingsQuery(db.Factory).ListAsync(filter ?? new FindingFilter(), default))
        {
            list.Add(f);
        }

        return list;
    }

    [Fact]
    public async Task LoadAll_IngestedReference_EqualsTheParsedFormExactly()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;

        var parsed = FormReader.Read(TestData.ReferencePath);

        var loaded = Assert.Single(forms).Form;
        // Decimal scale included: 0.50 must come back as 0.50, 98.87 as 98.87.
        Assert.Equal(FormJson.Serialize(parsed), FormJson.Serialize(loaded));
    }

    [Fact]
    public async Task SaveRun_FindingOnAFormNotStored_FailsAndKeepsThePreviousRun()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;
        var form = forms[0].Form;
        await SaveAsync(db, forms, FindingAt(form, 7), FindingAt(form, 9));

        // The unknown form's finding comes after one that could be written: the run is read once, in order.
        var stranger = form with { UnitName = "某某区未入库单位", Source = form.Source with { FileName = "stranger.txt" } };
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SaveAsync(db, forms, FindingAt(form, 11), FindingAt(stranger, 12)));

        Assert.Contains("stranger.txt", ex.Message, StringComparison.Ordinal);
        Assert.Equal([7, 9], (await ListAsync(db)).Select(f => f.Line).Order());
        await using var ctx = await db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await ctx.AnalysisRuns.CountAsync());
    }

    [Fact]
    public async Task SaveRun_FormsThatDifferInOneField_EachFindingGoesToItsOwnForm_AndEachFormCountsItsOwn()
    {
        // Identities that differ in one field each, and two that share their characters in other fields: the ids
        // are looked up in the database by (unit, year, kind, project), and the measures count per form.
        await using var t = await TempDatabase.CreateAsync();
        var reference = FormReader.Read(TestData.ReferencePath);
        EvaluationForm[] variants =
        [
            reference,
            reference with { Year = 2023 },
            reference with { Kind = FormKind.Project, ProjectName = "道路保洁" },
            reference with { Kind = FormKind.Project, ProjectName = "道路保洁2" },
            reference with { UnitName = "甲", Kind = FormKind.Project, ProjectName = "乙|2024" },
            reference with { UnitName = "甲|2024", Kind = FormKind.Project, ProjectName = "乙" },
        ];
        var attempts = await new FormStore(t.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .StoreManyAsync([.. variants.Select((f, i) => f with
            {
                Source = f.Source with { FileName = $"v{i}.txt", Sha256 = new string((char)('a' + i), 64) },
            })], default);
        Assert.All(attempts, a => Assert.Null(a.Error));
        var forms = await new FormLoader(t.Factory).LoadAllAsync(default);
        Assert.Equal(6, forms.Count);
        // Form k gets k % 3 findings: none, one or two.
        var expected = forms.Select((f, k) => (f.Id, Count: k % 3)).ToList();
        var findings = forms.SelectMany((f, k) => Enumerable.Range(1, k % 3).Select(line => FindingAt(f.Form, line)))
            .ToArray();

        await SaveAsync(t, forms, findings);

        await using var db = await t.Factory.CreateDbContextAsync();
        var perForm = await db.Findings.GroupBy(f => f.FormId).ToDictionaryAsync(g => g.Key, g => g.Count());
        Assert.Equal(expected.Where(e => e.Count > 0).OrderBy(e => e.Id),
            perForm.Select(p => (Id: p.Key, Count: p.Value)).OrderBy(p => p.Id));
        Assert.Equal(expected.OrderBy(e => e.Id),
            (await db.FormMetrics.AsNoTracking().ToListAsync()).Select(m => (Id: m.FormId, Count: m.Findings)).OrderBy(m => m.Id));
        var named = await db.Findings.Join(db.Forms, f => f.FormId, s => s.Id, (f, s) => new { f.ProjectName, f.Year, Stored = s.ProjectName, StoredYear = s.Year }).ToListAsync();
        Assert.All(named, n => Assert.Equal((n.Stored, n.StoredYear), (n.ProjectName, n.Year)));
    }

    [Fact]
    public async Task SaveRun_Twice_ReplacesFindingsInsteadOfDuplicating()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;
        var form = forms[0].Form;

        await SaveAsync(db, forms, FindingAt(form, 7), FindingAt(form, 9));
        await SaveAsync(db, forms, FindingAt(form, 7), FindingAt(form, 9));

        Assert.Equal(2, (await ListAsync(db)).Count);
        await using var ctx = await db.Factory.CreateDbContextAsync();
        Assert.Equal(2, await ctx.AnalysisRuns.CountAsync());
    }

    [Fact]
    public async Task Review_SurvivesReRunWhileTheFindingHolds_AndHistoryIsKept()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;
        var form = forms[0].Form;
        await SaveAsync(db, forms, FindingAt(form, 7), FindingAt(form, 9));
        var first = (await ListAsync(db)).Single(f => f.Line == 7);
        var reviews = new ReviewStore(db.Factory, TimeProvider.System);

        Assert.True(await reviews.ReviewAsync(first.Id, ReviewStatus.FollowUp, "问单位要依据", "张三", default));
        Assert.True(await reviews.ReviewAsync(first.Id, ReviewStatus.Confirmed, "已核实", "李四", default));
        var rerun = await SaveAsync(db, forms, FindingAt(form, 7), FindingAt(form, 9));

        var after = await ListAsync(db);
        var line7 = after.Single(f => f.Line == 7);
        Assert.NotEqual(first.Id, line7.Id);
        Assert.Equal(ReviewStatus.Confirmed, line7.Review);
        Assert.Equal("李四", line7.Reviewer);
        Assert.Equal(ReviewStatus.Open, after.Single(f => f.Line == 9).Review);
        Assert.Equal(1, rerun.StillReviewed);
        var history = await reviews.HistoryAsync(line7.Key, default);
        Assert.Equal([ReviewStatus.FollowUp, ReviewStatus.Confirmed], history.Select(h => h.Status));
        Assert.Single(await ListAsync(db, new FindingFilter(Review: ReviewStatus.Confirmed)));
        Assert.Single(await ListAsync(db, new FindingFilter(Review: ReviewStatus.Open)));
    }

    [Fact]
    public async Task Review_UnknownFinding_ReturnsFalseAndWritesNothing()
    {
        var (db, _) = await ReferenceAsync();
        await using var __ = db;

        Assert.False(await new ReviewStore(db.Factory, TimeProvider.System)
            .ReviewAsync(999, ReviewStatus.Dismissed, null, "张三", default));
        await using var ctx = await db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await ctx.FindingReviews.CountAsync());
    }

    [Fact]
    public async Task ReplacedForm_TakesItsFindingsWithIt()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;
        await SaveAsync(db, forms, FindingAt(forms[0].Form, 7));
        var changed = TestData.ReferenceWith(34, l => l.Replace("0.49", "0.41", StringComparison.Ordinal));

        await db.IngestAsync(db.WriteFile(TestData.ReferenceFileName, System.Text.Encoding.UTF8.GetBytes(changed)));

        Assert.Empty(await ListAsync(db));
    }

    [Fact]
    public async Task Export_CsvAndXlsx_NeutraliseFormulaCellsAndKeepEveryRow()
    {
        var (db, forms) = await ReferenceAsync();
        await using var _ = db;
        await SaveAsync(db, forms, FindingAt(forms[0].Form, 7, "=HYPERLINK(\"http://x\")"), FindingAt(forms[0].Form, 9));
        var csv = Path.Combine(db.Folder, "f.csv");
        var xlsx = Path.Combine(db.Folder, "f.xlsx");
        var query = new FindingsQuery(db.Factory);

        Assert.Equal(2, await FindingsExporter.WriteAsync(query.ListAsync(new FindingFilter(), default),
            ExportFormat.Csv, csv, default));
        Assert.Equal(2, await FindingsExporter.WriteAsync(query.ListAsync(new FindingFilter(), default),
            ExportFormat.Xlsx, xlsx, default));

        var bytes = await File.ReadAllBytesAsync(csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("'=HYPERLINK", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("上海市闵行区虹桥镇城市运行管理中心", text, StringComparison.Ordinal);
        using var book = SpreadsheetDocument.Open(xlsx, false);
        var sheet = book.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList();
        Assert.Equal(3, sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
        Assert.Contains("'=HYPERLINK(\"http://x\")", cells);
        Assert.False(File.Exists(csv + ".partial"));
    }

    [Fact]
    public async Task AnalysisJob_StoredReference_FindsExactlyWhatTheInMemoryCheckFinds()
    {
        var (db, _) = await ReferenceAsync();
        await using var __ = db;
        var catalog = RuleCatalog.Default();
        var inMemory = new Analyzer(catalog).Run([FormReader.Read(TestData.ReferencePath)]).Findings;

        var job = await new AnalysisJob(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .RunAsync(catalog, default);

        Assert.Equal(inMemory.Select(f => f.Key + f.Message), job.Result.Findings.Select(f => f.Key + f.Message));
        var stored = await ListAsync(db);
        Assert.Equal(inMemory.Count, stored.Count);
        Assert.Contains(stored, f => f.Rule == "C1" && f.Line == 34 && f.Severity == Severity.High);
    }
}
