using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>A stored finding with its current review state.</summary>
public sealed record FindingListItem(
    long Id, string Key, string Rule, string Title, string TitleEn, Severity Severity, string Unit, int Year,
    FormKind Kind, string? Project, long FormId, string FileName, int? Line, string? Indicator, string Message,
    string MessageEn, IReadOnlyDictionary<string, double> Evidence, ReviewStatus Review, string? ReviewNote,
    string? Reviewer);

/// <summary>Filters for the findings list; null means any.</summary>
public sealed record FindingFilter(
    string? Rule = null, Severity? MinSeverity = null, string? Unit = null, int? Year = null, FormKind? Kind = null,
    ReviewStatus? Review = null, string? Text = null);

/// <summary>Read-side queries over the current findings: filtered in the database, streamed.</summary>
public sealed class FindingsQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>The latest analysis run, or null if none.</summary>
    public async Task<AnalysisRunEntity?> LatestRunAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Findings matching <paramref name="filter"/>, by unit, year, form, line and rule.</summary>
    public async IAsyncEnumerable<FindingListItem> ListAsync(FindingFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var findings = db.Findings.AsNoTracking();
        if (filter.Rule is { } rule)
        {
            findings = findings.Where(f => f.RuleCode == rule);
        }

        if (filter.MinSeverity is { } severity)
        {
            findings = findings.Where(f => f.Severity >= severity);
        }

        if (filter.Unit is { } unit)
        {
            findings = findings.Where(f => f.UnitName.Contains(unit));
        }

        if (filter.Year is { } year)
        {
            findings = findings.Where(f => f.Year == year);
        }

        if (filter.Kind is { } kind)
        {
            findings = findings.Where(f => f.Kind == kind);
        }

        if (filter.Text is { } text)
        {
            findings = findings.Where(f => f.Message.Contains(text) || (f.Indicator != null && f.Indicator.Contains(text)));
        }

        // The latest review per key (highest id), joined on the database side.
        var latest = db.FindingReviews.AsNoTracking()
            .Where(r => r.Id == db.FindingReviews.Where(x => x.FindingKey == r.FindingKey).Max(x => x.Id));
        var query =
            from f in findings
            join form in db.Forms.AsNoTracking() on f.FormId equals form.Id
            join r in latest on f.Key equals r.FindingKey into reviews
            from r in reviews.DefaultIfEmpty()
            select new { f, form.FileName, Status = r == null ? ReviewStatus.Open : r.Status, Note = r == null ? null : r.Note, Reviewer = r == null ? null : r.Reviewer };
        if (filter.Review is { } review)
        {
            query = query.Where(x => x.Status == review);
        }

        var ordered = query.OrderBy(x => x.f.UnitName).ThenBy(x => x.f.Year).ThenBy(x => x.f.Kind)
            .ThenBy(x => x.f.ProjectName).ThenBy(x => x.f.Line).ThenBy(x => x.f.RuleCode).ThenBy(x => x.f.Id);
        await foreach (var x in ordered.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var f = x.f;
            yield return new FindingListItem(f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity,
                f.UnitName, f.Year, f.Kind, f.ProjectName.Length == 0 ? null : f.ProjectName, f.FormId, x.FileName,
                f.Line, f.Indicator, f.Message, f.MessageEn,
                JsonSerializer.Deserialize<SortedDictionary<string, double>>(f.EvidenceJson)!, x.Status, x.Note,
                x.Reviewer);
        }
    }
}
