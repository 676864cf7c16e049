using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>A finding's current review: the latest action on its key.</summary>
public sealed record ReviewState(ReviewStatus Status, string? Note, string? Reviewer, DateTime? AtUtc)
{
    public static ReviewState Open { get; } = new(ReviewStatus.Open, null, null, null);
}

/// <summary>Review lookups shared by the query services.</summary>
internal static class ReviewStates
{
    /// <summary>The latest review per key, for the keys of one page (a handful of keys, never a whole table).</summary>
    public static async Task<Dictionary<string, ReviewState>> ForKeysAsync(PerfEvalDbContext db,
        IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, ReviewState>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct().Chunk(400))
        {
            var rows = await db.FindingReviews.AsNoTracking()
                .Where(r => chunk.Contains(r.FindingKey))
                .OrderBy(r => r.Id)
                .Select(r => new { r.FindingKey, r.Status, r.Note, r.Reviewer, r.AtUtc })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                result[r.FindingKey] = new ReviewState(r.Status, r.Note, r.Reviewer, r.AtUtc);
            }
        }

        return result;
    }

    /// <summary>Keys whose latest review has <paramref name="status"/> (never <see cref="ReviewStatus.Open"/>: keys
    /// without any review are open too, see <see cref="FindingsGridQuery"/>).</summary>
    public static IQueryable<string> KeysWithLatest(PerfEvalDbContext db, ReviewStatus status) =>
        db.FindingReviews
            .Where(r => r.Status == status
                && r.Id == db.FindingReviews.Where(x => x.FindingKey == r.FindingKey).Max(x => x.Id))
            .Select(r => r.FindingKey);

    /// <summary>Keys whose latest review is anything but open.</summary>
    public static IQueryable<string> KeysClosed(PerfEvalDbContext db) =>
        db.FindingReviews
            .Where(r => r.Status != ReviewStatus.Open
                && r.Id == db.FindingReviews.Where(x => x.FindingKey == r.FindingKey).Max(x => x.Id))
            .Select(r => r.FindingKey);
}
