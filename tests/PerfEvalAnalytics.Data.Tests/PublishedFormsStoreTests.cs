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
