using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>A finding as the review panel shows it, with its whole review history.</summary>
public sealed record ReviewSubject(
    long Id, string Key, string Rule, string Title, string TitleEn, Severity Severity, string Unit, int Year,
    long FormId, int? Line, string? Indicator, string Message, string MessageEn, ReviewState Current,
    IReadOnlyList<ReviewAction> History, int Version);

/// <summary>One recent review action, with the finding it was about (when that finding is still current).</summary>
public sealed record RecentReview(
    long ReviewId, string FindingKey, ReviewStatus Status, string? Note, string Reviewer, DateTime AtUtc,
    long? FindingId, long? FormId, string? Rule, string? Unit, int? Year);

/// <summary>Read side of reviewing: one finding with its history; the latest actions.</summary>
public sealed class ReviewQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    public async Task<ReviewSubject?> FindingAsync(long findingId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var f = await db.Findings.AsNoTracking().Where(x => x.Id == findingId).FirstOrDefaultAsync(cancellationToken);
        if (f is null)
        {
            return null;
        }

        var history = await db.FindingReviews.AsNoTracking().Where(r => r.FindingKey == f.Key).OrderBy(r => r.Id)
            .Select(r => new ReviewAction(r.Status, r.Note, r.Reviewer, r.AtUtc)).ToListAsync(cancellationToken);
        var current = history.Count == 0
            ? ReviewState.Open
            : new ReviewState(history[^1].Status, history[^1].Note, history[^1].Reviewer, history[^1].AtUtc);
        return new ReviewSubject(f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity, f.UnitName, f.Year,
            f.FormId, f.Line, f.Indicator, f.Message, f.MessageEn, current, history,
            await ReviewStore.VersionAsync(db, f.Key, cancellationToken));
    }

    /// <summary>The latest review actions, newest first, paged.</summary>
    public async Task<Page<RecentReview>> RecentAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var total = await db.FindingReviews.CountAsync(cancellationToken);
        var reviews = await db.FindingReviews.AsNoTracking().OrderByDescending(r => r.Id).Skip(skip).Take(take)
            .ToListAsync(cancellationToken);
        var keys = reviews.Select(r => r.FindingKey).Distinct().ToList();
        var findings = await db.Findings.AsNoTracking().Where(f => keys.Contains(f.Key))
            .Select(f => new { f.Key, f.Id, f.FormId, f.RuleCode, f.UnitName, f.Year })
            .ToListAsync(cancellationToken);
        var byKey = findings.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var items = reviews.Select(r =>
        {
            var f = byKey.GetValueOrDefault(r.FindingKey);
            return new RecentReview(r.Id, r.FindingKey, r.Status, r.Note, r.Reviewer, r.AtUtc, f?.Id, f?.FormId,
                f?.RuleCode, f?.UnitName, f?.Year);
        }).ToList();
        return new Page<RecentReview>(items, total);
    }
}
