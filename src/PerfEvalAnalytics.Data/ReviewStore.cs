using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>One review action as shown in a finding's history.</summary>
public sealed record ReviewAction(ReviewStatus Status, string? Note, string Reviewer, DateTime AtUtc);

/// <summary>How a review request ended.</summary>
public enum ReviewOutcome
{
    /// <summary>Stored, with its audit entry.</summary>
    Saved,

    /// <summary>No current finding has that id.</summary>
    NotFound,

    /// <summary>Someone else reviewed the finding since the requester loaded it: nothing was stored.</summary>
    Conflict,
}

/// <summary>The outcome, the key's review version now, and (on a conflict) who changed it to what.</summary>
public sealed record ReviewResult(ReviewOutcome Outcome, int Version, ReviewAction? Latest = null);

/// <summary>
/// Review actions on findings: appended, never overwritten, keyed by the finding's stable key. Each action also
/// updates the key's current-state row, whose version is an optimistic concurrency token, and writes an audit entry
/// with the state before and after, all in one transaction.
/// </summary>
public sealed class ReviewStore(IDbContextFactory<PerfEvalDbContext> factory, TimeProvider clock)
{
    /// <summary>Records a review by <paramref name="reviewer"/> without a concurrency check (the CLI: it shows no
    /// state it could have loaded); false if there is no current finding <paramref name="findingId"/>.</summary>
    public Task<bool> ReviewAsync(long findingId, ReviewStatus status, string? note, string reviewer,
        CancellationToken cancellationToken) =>
        ReviewLatestAsync(findingId, status, note, reviewer, reviewer, cancellationToken);

    /// <summary>As <see cref="ReviewAsync(long, ReviewStatus, string?, string, CancellationToken)"/>, with the audit
    /// entry naming <paramref name="actor"/> (the CLI: <c>cli:&lt;OS user&gt;</c>) rather than the reviewer.</summary>
    public async Task<bool> ReviewLatestAsync(long findingId, ReviewStatus status, string? note, string reviewer,
        string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var result = await CoreAsync(findingId, status, note, reviewer, null, actor, cancellationToken);
            // A conflict without an expected version means another writer won the race between read and write.
            if (result.Outcome != ReviewOutcome.Conflict || attempt >= 3)
            {
                return result.Outcome == ReviewOutcome.Saved;
            }
        }
    }

    /// <summary>
    /// Records a review by <paramref name="reviewer"/> (the signed-in user) if the finding's review version is still
    /// <paramref name="expectedVersion"/> (the version shown when the page loaded; null: whatever it is now).
    /// </summary>
    public Task<ReviewResult> ReviewAsync(long findingId, ReviewStatus status, string? note, string reviewer,
        int? expectedVersion, CancellationToken cancellationToken) =>
        CoreAsync(findingId, status, note, reviewer, expectedVersion, reviewer, cancellationToken);

    private async Task<ReviewResult> CoreAsync(long findingId, ReviewStatus status, string? note, string reviewer,
        int? expectedVersion, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewer);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var finding = await db.Findings.AsNoTracking().Where(f => f.Id == findingId)
            .Select(f => new { f.Key, f.RuleCode, f.UnitName, f.Year, f.Line })
            .FirstOrDefaultAsync(cancellationToken);
        if (finding is null)
        {
            return new ReviewResult(ReviewOutcome.NotFound, 0);
        }

        var key = finding.Key;
        var state = await db.FindingReviewStates.FirstOrDefaultAsync(s => s.FindingKey == key, cancellationToken);
        var version = await VersionOfAsync(db, key, state?.Version, cancellationToken);
        var latest = await LatestAsync(db, key, cancellationToken);
        if (expectedVersion is { } expected && expected != version)
        {
            return new ReviewResult(ReviewOutcome.Conflict, version, latest);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var who = reviewer.Trim();
        var cleanNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (state is null)
        {
            // A concurrent first action inserts the same key: the primary key refuses one of them.
            db.FindingReviewStates.Add(new FindingReviewStateEntity
            {
                FindingKey = key, Status = status, Reviewer = who, AtUtc = now, Version = version + 1,
            });
        }
        else
        {
            // Saved as UPDATE … WHERE Version = <loaded>: zero rows if another action got in between.
            state.Status = status;
            state.Reviewer = who;
            state.AtUtc = now;
            state.Version = version + 1;
        }

        db.FindingReviews.Add(new FindingReviewEntity
        {
            FindingKey = key, Status = status, Note = cleanNote, Reviewer = who, AtUtc = now,
        });
        var place = finding.Line is { } line ? $" line {line}" : "";
        var by = actor.Trim() != who ? $" as {who}" : "";
        db.AuditEntries.Add(AuditLog.Entry(new AuditRecord(actor.Trim(), AuditActions.Review, key,
            $"finding {findingId} {finding.RuleCode} {finding.UnitName} {finding.Year}{place}{by}: " +
            $"{latest?.Status ?? ReviewStatus.Open} → {status}",
            AuditLog.Json(new { status = (latest?.Status ?? ReviewStatus.Open).ToString(), note = latest?.Note, reviewer = latest?.Reviewer }),
            AuditLog.Json(new { status = status.ToString(), note = cleanNote, reviewer = who })), now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || state is null)
        {
            await using var fresh = await factory.CreateDbContextAsync(cancellationToken);
            var now2 = await fresh.FindingReviewStates.AsNoTracking().Where(s => s.FindingKey == key)
                .Select(s => (int?)s.Version).FirstOrDefaultAsync(cancellationToken);
            if (now2 is null || now2 == version)
            {
                throw; // not a lost race: a real error
            }

            return new ReviewResult(ReviewOutcome.Conflict, now2.Value, await LatestAsync(fresh, key, cancellationToken));
        }

        return new ReviewResult(ReviewOutcome.Saved, version + 1);
    }

    /// <summary>Every review action on the finding's key, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewAction>> HistoryAsync(string findingKey, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.FindingReviews.AsNoTracking().Where(r => r.FindingKey == findingKey).OrderBy(r => r.Id)
            .Select(r => new ReviewAction(r.Status, r.Note, r.Reviewer, r.AtUtc)).ToListAsync(cancellationToken);
    }

    /// <summary>The key's review version as the review panel loads it (see <see cref="ReviewAsync(long, ReviewStatus,
    /// string?, string, int?, CancellationToken)"/>).</summary>
    public static async Task<int> VersionAsync(PerfEvalDbContext db, string findingKey, CancellationToken ct) =>
        await VersionOfAsync(db, findingKey, await db.FindingReviewStates.AsNoTracking()
            .Where(s => s.FindingKey == findingKey).Select(s => (int?)s.Version).FirstOrDefaultAsync(ct), ct);

    /// <summary>The key's version: its state row's, else (keys reviewed before state rows existed) its number of
    /// actions.</summary>
    private static async Task<int> VersionOfAsync(PerfEvalDbContext db, string findingKey, int? stateVersion,
        CancellationToken ct) =>
        stateVersion ?? await db.FindingReviews.CountAsync(r => r.FindingKey == findingKey, ct);

    private static Task<ReviewAction?> LatestAsync(PerfEvalDbContext db, string key, CancellationToken ct) =>
        db.FindingReviews.AsNoTracking().Where(r => r.FindingKey == key).OrderByDescending(r => r.Id)
            .Select(r => new ReviewAction(r.Status, r.Note, r.Reviewer, r.AtUtc)).FirstOrDefaultAsync(ct)!;
}
