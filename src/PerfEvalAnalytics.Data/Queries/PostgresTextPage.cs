using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>The thresholds of <see cref="PostgresTextPage"/> (lowered by tests to reach every path on a small store).</summary>
/// <param name="DenseMatches">Above this many text matches a text-only page is first sought by a bounded walk, and
/// other filters take the text condition into their own scan of the findings.</param>
/// <param name="WalkRows">At most this many findings of a severity are walked (a walk that finds too few wastes at
/// most that: 10,000 findings walked to no match took 13-24 ms on 312,855 findings, under a load of 7 on 2 cores).</param>
internal sealed record TextPaging(int DenseMatches, int WalkRows)
{
    public static TextPaging Default { get; } = new(TextSearch.LookupLimit, 10_000);
}

/// <summary>
/// Free text alone (with at most a minimum severity) in the default order, on PostgreSQL: the counterpart of the
/// SQLite path that pages from the FTS index. The matches are counted per severity (one pass, as the plain count);
/// the page then lies in known severities at known offsets, and with many matches it is read by walking each of
/// those severities in id order (the severity index's order, which is the default order) and checking each finding
/// exactly: a dense query fills a page after a few hundred findings. Left to itself the planner guessed a few
/// thousand matches for 没有比较符 (185,708 on a million findings, bigrams taken as independent) and walked the same
/// order testing the gram vector, 842,926 findings before the first match (0.9 s). When a bounded walk does not fill
/// its part of the page (sparse matches, a deep page) the page comes from the general path's query instead, so every
/// page holds the rows and order that query gives.
/// </summary>
internal static class PostgresTextPage
{
    /// <summary>The page's ids, the total and whether the page came without the general query (from the walks, or
    /// empty past the end), or null when the request is not free text alone in the default order.</summary>
    public static async Task<(List<long> Ids, int Total, bool Walked)?> PageAsync(PerfEvalDbContext db,
        FindingsPageRequest request, TextPaging paging, CancellationToken ct)
    {
        var f = request.Filter;
        if (f is not { Text.Length: > 0, Rule: null, Unit: null, Year: null, Kind: null, Review: null }
            || request.Sort != FindingSort.Default)
        {
            return null;
        }

        var counts = await TextSearch.FindingCountsBySeverityOnPostgresAsync(db, f.Text, ct);
        var severities = Enum.GetValues<Severity>().Where(s => s >= (f.MinSeverity ?? s)).OrderDescending()
            .Select(s => (Severity: s, Count: counts.GetValueOrDefault(s))).ToList();
        var total = severities.Sum(s => s.Count);
        // Past the end (no match at all, say) there is nothing to read: the general query found that out by walking
        // the order (没有比较符 at Medium or above, where all its matches are Low: 0.35 s on 312,855 findings).
        var ids = request.Skip >= total ? []
            : total > paging.DenseMatches ? await WalkAsync(db, request, severities, paging.WalkRows, ct)
            : null;
        var walked = ids is not null;
        if (ids is null)
        {
            // The general path's page query, shaped by the number of text matches of any severity as it is there.
            var matches = TextSearch.FindingIdsOnPostgres(db, f.Text, counts.Values.Sum());
            var findings = db.Findings.AsNoTracking();
            if (f.MinSeverity is { } min)
            {
                findings = findings.Where(x => x.Severity >= min);
            }

            ids = await FindingsGridQuery.Sort(findings.Where(x => matches.Contains(x.Id)), FindingSort.Default, false)
                .Skip(request.Skip).Take(request.Take).Select(x => x.Id).ToListAsync(ct);
        }

        return (ids, total, walked);
    }

    /// <summary>The page by bounded walks of the severities it spans, or null if a walk fell short.</summary>
    private static async Task<List<long>?> WalkAsync(PerfEvalDbContext db, FindingsPageRequest request,
        List<(Severity Severity, int Count)> severities, int walkRows, CancellationToken ct)
    {
        var ids = new List<long>(request.Take);
        var skip = request.Skip;
        foreach (var (severity, count) in severities)
        {
            if (ids.Count == request.Take)
            {
                break;
            }

            if (skip >= count)
            {
                skip -= count;
                continue;
            }

            var wanted = Math.Min(request.Take - ids.Count, count - skip);
            if (skip + wanted > walkRows)
            {
                return null;
            }

            var part = await TextSearch.WalkedFindingIdsOnPostgres(db, request.Filter.Text!, severity, walkRows, skip,
                wanted).ToListAsync(ct);
            if (part.Count < wanted)
            {
                return null;
            }

            ids.AddRange(part);
            skip = 0;
        }

        return ids;
    }
}
