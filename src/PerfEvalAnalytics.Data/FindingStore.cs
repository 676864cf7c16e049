using System.Globalization;
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
    public async Task<StoredRun> SaveRunAsync(AnalysisResult result, IReadOnlyList<StoredForm> forms,
        DateTime startedAtUtc, CancellationToken cancellationToken)
    {
        var formIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stored in forms)
        {
            formIds[IdentityOf(FormRef.Of(stored.Form))] = stored.Id;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
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

        var rows = new List<FindingEntity>(result.Findings.Count);
        foreach (var f in result.Findings)
        {
            if (!formIds.TryGetValue(IdentityOf(f.Form), out var formId))
            {
                throw new InvalidOperationException(
                    $"finding {f.Rule.Code} refers to a form that is not stored: {f.Form.FileName}");
            }

            rows.Add(ToEntity(f, run.Id, formId));
        }

        await bulk.WriteAsync(db, rows, cancellationToken);
        // The forms' measures for peer comparisons, replaced with the findings (cascade keeps them per form).
        await db.FormMetrics.ExecuteDeleteAsync(cancellationToken);
        var perForm = rows.GroupBy(r => r.FormId).ToDictionary(g => g.Key, g => g.Count());
        await bulk.WriteAsync(db, [.. forms.Select(f => FormMeasures.Of(f, perForm.GetValueOrDefault(f.Id)))],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var keys = rows.Select(r => r.Key).Distinct().ToList();
        var reviewed = 0;
        foreach (var chunk in keys.Chunk(500))
        {
            reviewed += await db.FindingReviews.Where(r => chunk.Contains(r.FindingKey))
                .Select(r => r.FindingKey).Distinct().CountAsync(cancellationToken);
        }

        return new StoredRun(run.Id, rows.Count, reviewed);
    }

    private static string IdentityOf(FormRef form) =>
        string.Join('|', form.UnitKey, form.Year.ToString(CultureInfo.InvariantCulture), form.Kind,
            form.Project ?? string.Empty);

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
