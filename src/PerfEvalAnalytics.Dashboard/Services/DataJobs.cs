using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>What an ingest (and the analysis after it) did.</summary>
public sealed record IngestReport(
    IReadOnlyList<FileIngestResult> Files, AnalysisJobResult? Analysis, string? AnalysisError, DateTime AtUtc)
{
    public int Count(StoreOutcome? outcome) => Files.Count(f => f.Outcome == outcome);
}

/// <summary>
/// Writing jobs: ingest files (as the CLI's <c>ingest</c>: BatchIngestor into FormStore) and analyse (as
/// <c>analyze</c>: AnalysisJob with the rule settings in effect). One at a time: SQLite has one writer, and two analyses would
/// replace each other's run.
/// </summary>
public sealed class DataJobs(
    IDbContextFactory<PerfEvalDbContext> factory, IBulkRowWriter bulk, TimeProvider clock, AuditLog audit,
    IOptions<DashboardOptions> options, UnitAliases aliases, ILogger<DataJobs> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The report of the start-up ingest, once it has run.</summary>
    public IngestReport? Startup { get; private set; }

    /// <summary>Creates the database if missing, ingests the data folder, analyses when anything changed (or when
    /// there is no analysis yet).</summary>
    public async Task<IngestReport> StartupAsync(CancellationToken ct)
    {
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var path = db.Database.IsSqlite() ? db.Database.GetDbConnection().DataSource : null;
            if (!string.IsNullOrEmpty(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }

            await PerfEvalDb.MigrateAsync(db, ct);
        }

        var folder = options.Value.DataFolder;
        var files = Directory.Exists(folder) ? FormFiles.Expand([folder], out _) : [];
        var report = await IngestAsync(files, AuditLog.SystemActor, null, ct);
        Startup = report;
        return report;
    }

    /// <summary>Ingests <paramref name="files"/>, reporting each as it is done, then analyses all stored forms if
    /// a form was added or replaced, or if no analysis has run yet. The import and the analysis are audited under
    /// <paramref name="actor"/> (a start-up ingest that changed nothing is not).</summary>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<string> files, string actor,
        IProgress<FileIngestResult>? progress, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var ingestor = new BatchIngestor(new FormStore(factory, bulk, clock), aliases);
            var results = new List<FileIngestResult>();
            await foreach (var r in ingestor.IngestAsync(files, ct))
            {
                results.Add(r);
                progress?.Report(r);
            }

            var changed = results.Any(r => r.Outcome is StoreOutcome.Added or StoreOutcome.Replaced);
            if (changed || results.Any(r => r.Failed) || actor != AuditLog.SystemActor)
            {
                await audit.RecordAsync(
                    AuditLog.ImportRecord(actor, [.. results.Select(r => (r.Path, r.Outcome))]), ct);
            }

            bool hasRun;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                // A store from before form_metrics existed has runs but no measures: analyse once more to fill them.
                hasRun = await db.AnalysisRuns.AnyAsync(ct)
                    && (await db.FormMetrics.AnyAsync(ct) || !await db.Forms.AnyAsync(ct));
            }

            AnalysisJobResult? analysis = null;
            string? error = null;
            if (changed || !hasRun)
            {
                (analysis, error) = await AnalyzeCoreAsync(actor, ct);
            }

            await ReadSideIndexes.EnsureAsync(factory, ct);
            var report = new IngestReport(results, analysis, error, clock.GetUtcNow().UtcDateTime);
            Log.Ingested(logger, report);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Analyses every stored form with the rule settings in effect (the store's, else the rules file),
    /// audited under <paramref name="actor"/>; after a change of the settings. Waits for a running ingest.</summary>
    public async Task<(AnalysisJobResult? Analysis, string? Error)> AnalyzeAsync(string actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var outcome = await AnalyzeCoreAsync(actor, ct);
            await ReadSideIndexes.EnsureAsync(factory, ct);
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(AnalysisJobResult? Analysis, string? Error)> AnalyzeCoreAsync(string actor,
        CancellationToken ct)
    {
        try
        {
            // The store's settings once an administrator saved them (every server on the database sees the same),
            // else the rules file.
            var settings = await new RuleSettingsStore(factory, clock).EffectiveAsync(options.Value.RulesFile, ct);
            var analysis = await new AnalysisJob(factory, bulk, clock).RunAsync(settings.Catalog(), ct);
            using (analysis.Result) // the findings are stored; pages show only the counts, which stay
            {
                await audit.RecordAsync(AuditLog.AnalysisRecord(actor, analysis), ct);
            }

            return (analysis, null);
        }
        catch (RuleSettingsException ex)
        {
            Log.AnalysisSkipped(logger, ex.Message);
            return (null, ex.Message);
        }
    }

    public void Dispose() => _gate.Dispose();
}
