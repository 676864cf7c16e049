using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>
/// A throw-away SQLite store in a temporary folder, filled and analysed exactly as <c>perfeval ingest</c> and
/// <c>perfeval analyze</c> fill and analyse <c>data/perfeval.db</c>, so that a notebook reads it through the
/// dashboard's own query services. Disposing it deletes the folder.
/// </summary>
public sealed class ScratchStore : IDisposable
{
    private ScratchStore(string folder, PerfEvalStore store, IReadOnlyList<FileIngestResult> ingested,
        AnalysisJobResult analysis)
    {
        Folder = folder;
        Store = store;
        Ingested = ingested;
        Analysis = analysis;
    }

    /// <summary>The temporary folder holding the database file.</summary>
    public string Folder { get; }

    public PerfEvalStore Store { get; }

    public IDbContextFactory<PerfEvalDbContext> Factory => Store.Factory;

    /// <summary>One result per form ingested.</summary>
    public IReadOnlyList<FileIngestResult> Ingested { get; }

    /// <summary>The analysis of every ingested form (its findings are stored as the latest run).</summary>
    public AnalysisJobResult Analysis { get; }

    /// <summary>
    /// Ingests <paramref name="paths"/> (files or folders, searched as <c>perfeval ingest</c> searches them) and
    /// analyses them with the rule settings in <paramref name="rulesFile"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    /// <exception cref="InvalidDataException">A file could not be ingested; the message names each one and why.</exception>
    public static async Task<ScratchStore> CreateAsync(IEnumerable<string> paths, string rulesFile,
        CancellationToken cancellationToken)
    {
        var files = FormFiles.Expand(paths, out var missing);
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"no such file or folder: {string.Join(", ", missing)}", missing[0]);
        }

        // Read before the folder exists, so that a bad settings file leaves nothing behind.
        var catalog = RuleCatalog.FromFile(rulesFile);
        var folder = Directory.CreateTempSubdirectory("perfeval-scratch-").FullName;
        try
        {
            var store = await PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(folder, "perfeval.db"), cancellationToken);
            var ingestor = new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System));
            var results = new List<FileIngestResult>();
            await foreach (var r in ingestor.IngestAsync(files, cancellationToken))
            {
                results.Add(r);
            }

            var failed = results.Where(r => r.Failed).Select(r => r.Detail).ToList();
            if (failed.Count > 0)
            {
                throw new InvalidDataException(
                    $"{failed.Count} of {results.Count} forms could not be ingested:\n" + string.Join('\n', failed));
            }

            var analysis = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System)
                .RunAsync(catalog, cancellationToken);
            return new ScratchStore(folder, store, results, analysis);
        }
        catch
        {
            Delete(folder);
            throw;
        }
    }

    public void Dispose()
    {
        Analysis.Result.Dispose();
        Delete(Folder);
    }

    private static void Delete(string folder)
    {
        // Pooled connections keep the file open; release them before the folder goes.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
