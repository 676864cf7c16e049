using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Analysis.Outliers;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>What storing an analysis run did.</summary>
/// <param name="RunId">The new run.</param>
/// <param name="FindingCount">Findings stored.</param>
/// <param name="StillReviewed">Findings that match an earlier review (their review carried over).</param>
public sealed record StoredRun(long RunId, int FindingCount, int StillReviewed);

/// <summary>
/// Stores the findings of an analysis run, replacing the previous run's in one transaction (bulk insert, no change
/// tracking): a re-run never duplicates, and reviews keyed by <see cref="Finding.Key"/> carry over.
/// </summary>
public sealed class FindingStore(IDbContextFactory<PerfEvalDbContext> factory, IBulkRowWriter bulk, TimeProvider clock)
{
    /// <summary>Findings written per bulk call: the entities of one chunk exist at a time, not of the whole run.</summary>
    private const int ChunkSize = 2_000;

    public async Task<StoredRun> SaveRunAsync(AnalysisResult result, IReadOnlyList<StoredForm> forms,
        DateTime startedAtUtc, CancellationToken cancellationToken)
    {
        using var analysed = AnalysedForms.Of(forms);
        return await SaveRunAsync(result, analysed, startedAtUtc, cancellationToken);
    }

    public async Task<StoredRun> SaveRunAsync(AnalysisResult result, AnalysedForms forms, DateTime startedAtUtc,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(forms);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await SqlitePragmas.SmallPageCacheAsync(db, SqlitePragmas.RunPageCache, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Findings.ExecuteDeleteAsync(cancellationToken);
        var run = new AnalysisRunEntity
        {
            StartedAtUtc = startedAtUtc,
            FinishedAtUtc = clock.GetUtcNow().UtcDateTime,
            SettingsHash = result.SettingsHash,
            RuleCount = result.RuleCount,
            FormCount = result.FormCount,
            FindingCount = result.Findings.Count,
        };
        db.AnalysisRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        // The findings are read once, in order (a large run's come from disk), and written a chunk at a time, their
        // forms' ids looked up in the database per chunk (findings come sorted by unit, so a chunk spans few units).
        // A finding whose form is not stored stops the run before the commit: nothing of it is kept.
        var chunk = new List<Finding>(ChunkSize);
        foreach (var finding in result.Findings)
        {
            chunk.Add(finding);
            if (chunk.Count == ChunkSize)
            {
                await WriteAsync(db, chunk, run.Id, cancellationToken);
                chunk.Clear();
            }
        }

        await WriteAsync(db, chunk, run.Id, cancellationToken);

        // The forms' measures for peer comparisons, replaced with the findings (cascade keeps them per form), then
        // each form's number of findings, counted by the database.
        await db.FormMetrics.ExecuteDeleteAsync(cancellationToken);
        foreach (var measures in forms.Measures().Chunk(ChunkSize))
        {
            await bulk.WriteAsync(db, measures, cancellationToken);
        }

        await db.FormMetrics
            .Where(m => db.Findings.Any(f => f.FormId == m.FormId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Findings, m => db.Findings.Count(f => f.FormId == m.FormId)),
                cancellationToken);

        await transaction.CommitAsync(cancellationToken);

        // Reviews whose finding is found again, counted by the database (the run's keys are not held in memory).
        var reviewed = await db.FindingReviews
            .Where(r => db.Findings.Any(f => f.RunId == run.Id && f.Key == r.FindingKey))
            .Select(r => r.FindingKey).Distinct().CountAsync(cancellationToken);
        return new StoredRun(run.Id, result.Findings.Count, reviewed);
    }

    /// <summary>Writes a chunk of findings with their forms' ids, looked up for the chunk's units.</summary>
    private async Task WriteAsync(PerfEvalDbContext db, List<Finding> chunk, long runId, CancellationToken ct)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var units = chunk.Select(f => f.Form.UnitKey).Distinct(StringComparer.Ordinal).ToList();
        var ids = await FormBatchCommands.FormIdsAsync(db, units, ct);
        var rows = chunk.Select(f => ToEntity(f, runId,
            ids.TryGetValue((f.Form.UnitKey, f.Form.Year, f.Form.Kind, f.Form.Project ?? string.Empty), out var id)
                ? id
                : throw new InvalidOperationException(
                    $"finding {f.Rule.Code} refers to a form that is not stored: {f.Form.FileName}"))).ToList();
        await bulk.WriteAsync(db, rows, ct);
    }

    private static FindingEntity ToEntity(Finding f, long runId, long formId) => new()
    {
        RunId = runId,
        FormId = formId,
        Key = f.Key,
        RuleCode = f.Rule.Code,
        RuleTitle = f.Rule.Title,
        RuleTitleEn = f.Rule.TitleEn,
        Family = f.Rule.Family,
        Severity = f.Severity,
        UnitName = f.Form.Unit,
        Year = f.Form.Year,
        Kind = f.Form.Kind,
        ProjectName = f.Form.Project ?? string.Empty,
        Line = f.Line,
        Indicator = f.Indicator,
        Message = f.Message,
        MessageEn = f.MessageEn,
        EvidenceJson = JsonSerializer.Serialize(f.Evidence),
        OutlierScore = f.Rule.Code == PcaOutlierScorer.Rule.Code && f.Evidence.TryGetValue(OutlierScoreKey, out var score)
            ? score
            : null,
    };

    /// <summary>The evidence key of ML1's outlier score.</summary>
    private const string OutlierScoreKey = "score";
}
