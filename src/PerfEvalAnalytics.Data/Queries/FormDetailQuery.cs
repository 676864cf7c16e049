using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Analysis.Rules.Scoring;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>A finding on one form, with its evidence and current review.</summary>
public sealed record FormFinding(
    long Id, string Key, string Rule, string Title, string TitleEn, Severity Severity, int? Line, string? Indicator,
    string Message, string MessageEn, IReadOnlyDictionary<string, double> Evidence, ReviewState Review);

/// <summary>Another year's form of the same unit, kind and project.</summary>
public sealed record FormNeighbour(long Id, int Year);

/// <summary>Everything the form page shows: the form as parsed, its findings, its neighbours in time, and the
/// recomputed figures (B/A, completion ratio and outcome per row, the expected score s* of every quantitative row)
/// to set beside the reported ones.</summary>
/// <remarks><c>Expected</c> holds, per indicator row (same index as <c>Rows</c>), s* by C1's scoring rule under its
/// default settings, or null where the rule defines none (qualitative rows, no 分值, unknown outcome).</remarks>
public sealed record FormDetail(
    long Id, EvaluationForm Form, DateTime IngestedAtUtc, IReadOnlyList<FormFinding> Findings,
    FormNeighbour? Previous, FormNeighbour? Next, IReadOnlyList<RowAssessment> Rows, Budget? Budget,
    IReadOnlyList<ExpectedScore?> Expected);

/// <summary>The form page's data: one form (four indexed queries), its findings and the adjacent years.</summary>
public sealed class FormDetailQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>C1's reverse-indicator formula at its default: the figure a reviewer compares with C1's findings.</summary>
    private static readonly ReverseFormula Reverse = new QuantitativeScoreMismatch.Settings().Reverse;

    private static ExpectedScore? Expected(RowAssessment a) =>
        a.Row.Points is { } w && w > 0m ? ExpectedScore.Of(a, w, Reverse) : null;

    public async Task<FormDetail?> GetAsync(long formId, CancellationToken cancellationToken)
    {
        var stored = await new FormLoader(factory).LoadAsync(formId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var head = await db.Forms.AsNoTracking().Where(f => f.Id == formId)
            .Select(f => new { f.UnitId, f.Kind, f.ProjectName, f.Year, f.IngestedAtUtc })
            .FirstAsync(cancellationToken);
        var siblings = db.Forms.AsNoTracking()
            .Where(f => f.UnitId == head.UnitId && f.Kind == head.Kind && f.ProjectName == head.ProjectName);
        var previous = await siblings.Where(f => f.Year < head.Year).OrderByDescending(f => f.Year)
            .Select(f => new FormNeighbour(f.Id, f.Year)).FirstOrDefaultAsync(cancellationToken);
        var next = await siblings.Where(f => f.Year > head.Year).OrderBy(f => f.Year)
            .Select(f => new FormNeighbour(f.Id, f.Year)).FirstOrDefaultAsync(cancellationToken);

        var rows = await db.Findings.AsNoTracking().Where(f => f.FormId == formId)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Line).ThenBy(f => f.RuleCode)
            .Select(f => new
            {
                f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity, f.Line, f.Indicator, f.Message,
                f.MessageEn, f.EvidenceJson,
            })
            .ToListAsync(cancellationToken);
        var reviews = await ReviewStates.ForKeysAsync(db, rows.Select(r => r.Key).ToList(), cancellationToken);
        var findings = rows.Select(f => new FormFinding(f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn,
                f.Severity, f.Line, f.Indicator, f.Message, f.MessageEn,
                JsonSerializer.Deserialize<SortedDictionary<string, double>>(f.EvidenceJson)!,
                reviews.GetValueOrDefault(f.Key) ?? ReviewState.Open))
            .ToList();
        var assessed = stored.Form.Indicators.Select(RowAssessment.Of).ToList();
        return new FormDetail(formId, stored.Form, head.IngestedAtUtc, findings, previous, next, assessed,
            Budget.Of(stored.Form), [.. assessed.Select(Expected)]);
    }
}
