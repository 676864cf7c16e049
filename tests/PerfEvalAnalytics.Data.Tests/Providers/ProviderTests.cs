using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>The same data-layer behaviour on SQLite (embedded default) and on a real PostgreSQL server.</summary>
[Collection(PostgresTests.Name)]
public sealed class ProviderTests(PostgresServer postgres) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "perfeval-provider-tests", Guid.NewGuid().ToString("N"));

    private Task<PerfEvalStore> OpenAsync(DatabaseProvider provider) => TestStores.OpenAsync(provider, postgres, folder);

    private static BatchIngestor Ingestor(PerfEvalStore store) =>
        new(new FormStore(store.Factory, store.Bulk, TimeProvider.System));

    private static async Task<List<FileIngestResult>> IngestAsync(PerfEvalStore store, params string[] files)
    {
        var results = new List<FileIngestResult>();
        await foreach (var r in Ingestor(store).IngestAsync(files, default))
        {
            results.Add(r);
        }

        return results;
    }

    private static async Task<int> FormCountAsync(PerfEvalStore store)
    {
        await using var db = await store.Factory.CreateDbContextAsync();
        return await db.Forms.CountAsync();
    }

    private string Copy(string source, string name)
    {
        var path = Path.Combine(folder, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path, overwrite: true);
        return path;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Ingest_Twice_SecondIsUnchangedAndTheFormComesBackExactly(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);

        var first = await IngestAsync(store, TestData.ReferencePath);
        var second = await IngestAsync(store, TestData.ReferencePath, TestData.GbkPath);

        Assert.Equal(StoreOutcome.Added, Assert.Single(first).Outcome);
        Assert.All(second, r => Assert.Equal(StoreOutcome.Unchanged, r.Outcome));
        var loaded = Assert.Single(await new FormLoader(store.Factory).LoadAllAsync(default));
        Assert.Equal(FormJson.Serialize(FormReader.Read(TestData.ReferencePath)), FormJson.Serialize(loaded.Form));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Ingest_DifferentFilesAtOnce_BothLand(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);

        var results = await Task.WhenAll(
            Task.Run(() => IngestAsync(store, TestData.ReferencePath)),
            Task.Run(() => IngestAsync(store, TestData.ExamplePath)));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        Assert.Equal(2, await FormCountAsync(store));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Ingest_SameFileAtOnce_EndsWithOneForm(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        var a = Copy(TestData.ReferencePath, "a/" + TestData.ReferenceFileName);
        var b = Copy(TestData.ReferencePath, "b/" + TestData.ReferenceFileName);

        var results = (await Task.WhenAll(
            Task.Run(() => IngestAsync(store, a)), Task.Run(() => IngestAsync(store, b)))).SelectMany(r => r).ToList();

        Assert.Equal(1, await FormCountAsync(store));
        Assert.All(results, r => Assert.False(r.Failed, r.Detail));
        Assert.Equal([StoreOutcome.Added, StoreOutcome.Unchanged], results.Select(r => r.Outcome!.Value).Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Review_SurvivesReAnalysis(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await IngestAsync(store, TestData.ReferencePath);
        var job = new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System);
        await job.RunAsync(RuleCatalog.Default(), default);
        var c1 = await FirstAsync(store, "C1");

        Assert.True(await new ReviewStore(store.Factory, TimeProvider.System)
            .ReviewAsync(c1.Id, ReviewStatus.Confirmed, "多记 0.08 分", "张三", default));
        await job.RunAsync(RuleCatalog.Default(), default);

        var again = await FirstAsync(store, "C1");
        Assert.NotEqual(c1.Id, again.Id);
        Assert.Equal(ReviewStatus.Confirmed, again.Review);
        Assert.Equal("多记 0.08 分", again.ReviewNote);
    }

    [Fact]
    public async Task SampleData_IngestAndAnalyze_GiveTheSameFormsAndFindingsOnBothProviders()
    {
        var files = FormFiles.Expand([Path.Combine(TestData.RepoRoot, "data", "samples")], out _);
        var snapshots = new List<(string Forms, string Findings)>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL })
        {
            var store = await OpenAsync(provider);
            await IngestAsync(store, [.. files]);
            var result = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System)
                .RunAsync(RuleCatalog.Default(), default);
            var forms = await new FormLoader(store.Factory).LoadAllAsync(default);
            var stored = new List<string>();
            await foreach (var f in new FindingsQuery(store.Factory).ListAsync(new FindingFilter(), default))
            {
                stored.Add($"{f.Key}|{f.Severity}|{f.Message}|{string.Join(',', f.Evidence)}");
            }

            Assert.NotEmpty(result.Result.Findings);
            snapshots.Add((string.Join('\n', forms.Select(f => FormJson.Serialize(f.Form))),
                string.Join('\n', stored.Order(StringComparer.Ordinal))));
        }

        Assert.Equal(snapshots[0].Forms, snapshots[1].Forms);
        Assert.Equal(snapshots[0].Findings, snapshots[1].Findings);
    }

    private static async Task<FindingListItem> FirstAsync(PerfEvalStore store, string rule)
    {
        await foreach (var f in new FindingsQuery(store.Factory).ListAsync(new FindingFilter(Rule: rule), default))
        {
            return f;
        }

        throw new InvalidOperationException($"no {rule} finding stored");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files never fail a test.
        }
    }
}
