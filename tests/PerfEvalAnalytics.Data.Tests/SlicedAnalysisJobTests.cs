using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>
/// The analysis job reads forms in slices of whole units; what it finds and stores must be exactly what the
/// whole-list analysis of every loaded form finds and stores.
/// </summary>
public sealed class SlicedAnalysisJobTests
{
    private static async Task<string> StoredRunAsync(TempDatabase db)
    {
        await using var context = await db.Factory.CreateDbContextAsync();
        var findings = (await context.Findings.AsNoTracking().OrderBy(f => f.Id).ToListAsync())
            .Select(f => string.Join('\t', f.FormId, f.Key, f.Severity, f.Message, f.MessageEn, f.EvidenceJson,
                f.OutlierScore));
        var metrics = (await context.FormMetrics.AsNoTracking().OrderBy(m => m.FormId).ToListAsync())
            .Select(m => string.Join('\t', m.FormId, m.Year, m.Kind, m.District, m.ExecutionRate, m.TotalScore,
                m.ExactShare, m.Findings));
        return string.Join('\n', findings.Concat(metrics));
    }

    [Theory]
    [InlineData(SlicedAnalysis.DefaultFindingsInMemory)]
    [InlineData(0)] // every finding goes through the temporary file
    public async Task AnalysisJob_GeneratedDistrictInSmallSlices_StoresWhatTheWholeListAnalysisStores(int findingsInMemory)
    {
        await using var db = await TempDatabase.CreateAsync();
        var files = Directory.GetFiles(Path.Combine(TestData.RepoRoot, "data", "generated"), "*.txt");
        await db.IngestAsync(files);
        var catalog = RuleCatalog.FromFile(Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json"));
        var store = new FindingStore(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System);
        var forms = await new FormLoader(db.Factory).LoadAllAsync(default);
        var whole = new Analyzer(catalog).Run(forms.Select(f => f.Form).ToList());
        await store.SaveRunAsync(whole, forms, DateTime.UtcNow, default);
        var wholeStored = await StoredRunAsync(db);

        // 504 forms of 40 units in slices of at least 30 forms: about 14 slices.
        var job = await new AnalysisJob(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            { SliceForms = 30, FindingsInMemory = findingsInMemory }.RunAsync(catalog, default);
        using var result = job.Result;

        Assert.True(forms.Count > 500, $"{forms.Count} forms");
        Assert.True(whole.Findings.Count > 100, $"{whole.Findings.Count} findings");
        Assert.Equal(whole.Findings.Select(f => f.Key + f.Message + f.MessageEn),
            result.Findings.Select(f => f.Key + f.Message + f.MessageEn));
        Assert.Equal(findingsInMemory == 0, result.Findings is IDisposable); // read from the temporary file
        Assert.Equal(whole.Findings.Count, job.Run.FindingCount);
        // Row ids differ between the two runs; everything else, form metrics included, is the same.
        Assert.Equal(wholeStored, await StoredRunAsync(db));
    }

    [Fact]
    public async Task AnalysisJob_UnitNamesOrderedDifferentlyByCodePointAndByUtf16_FindsWhatTheWholeListFinds()
    {
        // "甲𠀀" (U+20000, a surrogate pair in UTF-16) sorts before "甲\uE000" in .NET's ordinal order and after it in
        // the database's binary (code point) order, which cuts the slices (one unit per slice here). Loaded whole,
        // the forms come in the same code point order, so E4, which names other units in the order their rows came,
        // says the same; and nothing else may change either.
        await using var db = await TempDatabase.CreateAsync();
        var reference = Ingestion.FormReader.Read(TestData.ReferencePath);
        string[] units = ["示例甲\U00020000单位", "示例甲\uE000单位", "示例甲乙单位"];
        var forms = units.SelectMany((unit, u) => Enumerable.Range(2023, 2).Select(year => reference with
        {
            UnitName = unit,
            Year = year,
            Source = reference.Source with { FileName = $"u{u}-{year}.txt", Sha256 = $"{u}{year}".PadLeft(64, '0') },
        })).ToList();
        var attempts = await new FormStore(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .StoreManyAsync(forms, default);
        Assert.All(attempts, a => Assert.Null(a.Error));
        var catalog = RuleCatalog.FromFile(Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json"));
        var loaded = await new FormLoader(db.Factory).LoadAllAsync(default);
        var whole = new Analyzer(catalog).Run(loaded.Select(f => f.Form).ToList());
        await new FindingStore(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            .SaveRunAsync(whole, loaded, DateTime.UtcNow, default);
        var wholeStored = await StoredRunAsync(db);

        var job = await new AnalysisJob(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
            { SliceForms = 1 }.RunAsync(catalog, default);
        using var result = job.Result;

        Assert.Equal([.. units.Order(CodePointOrder.Instance)], loaded.Select(f => f.Form.UnitName).Distinct());
        Assert.NotEmpty(whole.Findings);
        Assert.Equal(whole.Findings.Select(f => f.Key + f.Message), result.Findings.Select(f => f.Key + f.Message));
        Assert.Equal(wholeStored, await StoredRunAsync(db));
    }
}
