using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests;

public sealed class PublishedFormsStoreTests
{
    [Fact]
    public async Task LoadAll_IngestedPublishedForms_EqualTheParsedFormsIncludingIncompleteAndGrade()
    {
        await using var db = await TempDatabase.CreateAsync();
        var files = Directory.EnumerateFiles(Path.Combine(TestData.Samples, "published"), "*.tsv").Order().ToArray();

        var results = await db.IngestAsync(files);
        var loaded = await new FormLoader(db.Factory).LoadAllAsync(default);

        Assert.All(results, r => Assert.False(r.Failed, r.Detail));
        Assert.Equal(files.Length, loaded.Count);
        foreach (var file in files)
        {
            var parsed = FormReader.Read(file);
            var stored = Assert.Single(loaded, f => f.Form.Source.FileName == parsed.Source.FileName).Form;
            Assert.Equal(FormJson.Serialize(parsed), FormJson.Serialize(stored));
        }

        Assert.Single(loaded, f => f.Form.IsIncomplete);
        Assert.Single(loaded, f => f.Form.Grade == "优");
    }
}

public sealed class WorkbookIngestTests
{
    [Fact]
    public async Task Ingest_WorkbookWithThreeSheets_StoresThreeFormsEachWithItsSheet_AndAgainChangesNothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        var workbook = Path.Combine(TestData.Samples, "formats", "three-sheets.xlsx");

        var first = await db.IngestAsync(workbook);
        var dump = await db.DumpAsync();
        var second = await db.IngestAsync(workbook);

        Assert.Equal(["虹桥镇城运中心", "永德明朗中学", "普陀体育中心"], first.Select(r => r.Part));
        Assert.All(first, r => Assert.Equal(Domain.StoreOutcome.Added, r.Outcome));
        Assert.All(second, r => Assert.Equal(Domain.StoreOutcome.Unchanged, r.Outcome));
        Assert.Equal(dump, await db.DumpAsync());
        var loaded = await new FormLoader(db.Factory).LoadAllAsync(default);
        Assert.Equal(["普陀体育中心", "永德明朗中学", "虹桥镇城运中心"], loaded.Select(f => f.Form.Source.Part).Order());
    }

    [Fact]
    public async Task Ingest_SameFormAsTextAndAsWorkbook_IsUnchangedNotADuplicate()
    {
        await using var db = await TempDatabase.CreateAsync();

        var results = await db.IngestAsync(TestData.ReferencePath, Path.Combine(TestData.Samples, "formats", "reference.pdf"));

        Assert.Equal([Domain.StoreOutcome.Added, Domain.StoreOutcome.Unchanged], results.Select(r => r.Outcome));
    }
}

public sealed class UnitAliasIngestTests
{
    [Fact]
    public async Task Ingest_WithAlias_StoresUnderTheCanonicalUnitAndLoadsBackTheNameAsFiled()
    {
        await using var db = await TempDatabase.CreateAsync();
        var aliases = new UnitAliases(new Dictionary<string, string> { ["市财政局"] = "鄂州市财政局" });
        var ingestor = new BatchIngestor(
            new FormStore(db.Factory, new PreparedInsertBulkRowWriter(), TimeProvider.System), aliases);
        var file = Path.Combine(TestData.Samples, "published", "19_ezhou-czj-goumai-disanfang-fuwu_2019_xm.tsv");

        var results = new List<FileIngestResult>();
        await foreach (var r in ingestor.IngestAsync([file], default))
        {
            results.Add(r);
        }

        var stored = Assert.Single(await new FormLoader(db.Factory).LoadAllAsync(default)).Form;
        Assert.Equal(("鄂州市财政局", "市财政局"), (stored.UnitName, stored.UnitNameAsFiled));
        Assert.Equal("市财政局", Assert.Single(results).Form!.UnitNameAsFiled);
    }
}
