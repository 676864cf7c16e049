using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.PostgreSQL;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>A fresh store on either provider: a new SQLite file in <c>folder</c>, or a new PostgreSQL database.</summary>
internal static class TestStores
{
    public static async Task<PerfEvalStore> OpenAsync(DatabaseProvider provider, PostgresServer postgres, string folder)
    {
        Directory.CreateDirectory(folder);
        return provider == DatabaseProvider.Sqlite
            ? await PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(folder, $"{Guid.NewGuid():N}.db"), default)
            : await PostgresDb.OpenAsync(postgres.CreateDatabase(), default);
    }

    /// <summary>Ingests the files (folders are searched) and analyses with the default catalog.</summary>
    public static async Task IngestAndAnalyseAsync(PerfEvalStore store, IEnumerable<string> paths)
    {
        var ingestor = new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System));
        var stored = 0;
        await foreach (var r in ingestor.IngestAsync(FormFiles.Expand([.. paths], out _), default))
        {
            stored += r.Failed ? 0 : 1;
        }

        Assert.True(stored > 0, "nothing ingested");
        await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System).RunAsync(RuleCatalog.Default(), default);
    }

    /// <summary>The generated district's 2024 forms and the reference form.</summary>
    public static List<string> District2024AndReference() =>
    [
        .. FormFiles.Expand([Path.Combine(PerfEvalAnalytics.Tests.Shared.TestData.RepoRoot, "data", "generated")], out _)
            .Where(f => Path.GetFileName(f).StartsWith("2024_", StringComparison.Ordinal)),
        PerfEvalAnalytics.Tests.Shared.TestData.ReferencePath,
    ];
}
