using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>The measures a unit is compared on with its peers.</summary>
public enum PeerMeasure
{
    ExecutionRate,
    TotalScore,
    ExactShare,
    Findings,
}

/// <summary>Where one value stands among its peers' values of the same measure.</summary>
/// <param name="Value">The form's value; null when the form has none (no budget, no 总分 …).</param>
/// <param name="Rank">1 for the highest value among the peers (ties share the best rank).</param>
/// <param name="Peers">Peers with a value (the form included).</param>
/// <param name="Percentile">Share of the other peers with a lower value, ties counted half, in percent; null with no
/// value or no other peer.</param>
public sealed record PeerStanding(double? Value, int? Rank, int Peers, double? Percentile);

/// <summary>One form of the unit and its standing among the forms of the same year and kind.</summary>
/// <param name="FormId">The unit's form.</param>
/// <param name="Year">Its year.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="District">The peer group: the district named by the unit's name, or null for all units of that year
/// and kind (the name names no district).</param>
/// <param name="GroupSize">Forms in the peer group (the unit's included).</param>
/// <param name="Standings">Per measure.</param>
public sealed record PeerPosition(long FormId, int Year, FormKind Kind, string? District, int GroupSize,
    IReadOnlyDictionary<PeerMeasure, PeerStanding> Standings);

/// <summary>
/// A unit's position among its peers: per form, the rank and percentile of its execution rate, total score, share of
/// targets met exactly and findings among the forms of the same year and kind in the same district (from the unit
/// name, <see cref="UnitNames.District"/>), or among all of them when the name names no district. Counted in the
/// database over form_metrics (written with each analysis run).
/// </summary>
public sealed class PeerPositionQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    public async Task<IReadOnlyList<PeerPosition>> ForUnitAsync(long unitId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var mine = await (from m in db.FormMetrics.AsNoTracking()
                          join f in db.Forms on m.FormId equals f.Id
                          where f.UnitId == unitId
                          orderby m.Year, m.Kind, m.FormId
                          select m).ToListAsync(ct);
        var result = new List<PeerPosition>();
        foreach (var m in mine)
        {
            var peers = db.FormMetrics.AsNoTracking()
                .Where(p => p.Year == m.Year && p.Kind == m.Kind && p.District == m.District);
            var standings = new Dictionary<PeerMeasure, PeerStanding>
            {
                [PeerMeasure.ExecutionRate] = await StandingAsync(peers.Select(p => p.ExecutionRate), m.ExecutionRate, ct),
                [PeerMeasure.TotalScore] = await StandingAsync(peers.Select(p => p.TotalScore), m.TotalScore, ct),
                [PeerMeasure.ExactShare] = await StandingAsync(peers.Select(p => p.ExactShare), m.ExactShare, ct),
                [PeerMeasure.Findings] = await StandingAsync(peers.Select(p => (double?)p.Findings), m.Findings, ct),
            };
            result.Add(new PeerPosition(m.FormId, m.Year, m.Kind, m.District.Length == 0 ? null : m.District,
                await peers.CountAsync(ct), standings));
        }

        return result;
    }

    private static async Task<PeerStanding> StandingAsync(IQueryable<double?> values, double? value,
        CancellationToken ct)
    {
        var present = values.Where(v => v != null);
        if (value is not { } x)
        {
            return new PeerStanding(null, null, await present.CountAsync(ct), null);
        }

        // One pass in the database: how many peers have a value, how many a higher and how many the same one.
        var counts = await present.GroupBy(_ => 1).Select(g => new
        {
            N = g.Count(),
            Above = g.Count(v => v > x),
            Same = g.Count(v => v == x),
        }).FirstAsync(ct);
        var below = counts.N - counts.Above - counts.Same;
        double? percentile = counts.N > 1 ? 100.0 * (below + (0.5 * (counts.Same - 1))) / (counts.N - 1) : null;
        return new PeerStanding(x, counts.Above + 1, counts.N, percentile);
    }
}
