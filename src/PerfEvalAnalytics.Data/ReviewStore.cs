using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>One review action as shown in a finding's history.</summary>
public sealed record ReviewAction(ReviewStatus Status, string? Note, string Reviewer, DateTime AtUtc);

/// <summary>Review actions on findings: appended, never overwritten, keyed by the finding's stable key.</summary>
public sealed class ReviewStore(IDbContextFactory<PerfEvalDbContext> factory, TimeProvider clock)
{
    /// <summary>Records a review of the current finding <paramref name="findingId"/>; false if there is none.</summary>
    public async Task<bool> ReviewAsync(long findingId, ReviewStatus status, string? note, string reviewer,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewer);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var key = await db.Findings.Where(f => f.Id == findingId).Select(f => f.Key)
            .FirstOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return false;
        }

        db.FindingReviews.Add(new FindingReviewEntity
        {
            FindingKey = key,
            Status = status,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            Reviewer = reviewer.Trim(),
            AtUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Every review action on the finding's key, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewAction>> HistoryAsync(string findingKey, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.FindingReviews.AsNoTracking().Where(r => r.FindingKey == findingKey).OrderBy(r => r.Id)
            .Select(r => new ReviewAction(r.Status, r.Note, r.Reviewer, r.AtUtc)).ToListAsync(cancellationToken);
    }
}
