using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>The headline counts.</summary>
public sealed record OverviewCounts(
    int Units, int Forms, IReadOnlyList<int> Years, int High, int Medium, int Low, int Reviewed,
    DateTime? LastRunUtc, int Rules);

/// <summary>One form in the review queue: its findings by severity and its ML1 outlier score when flagged.</summary>
public sealed record ReviewQueueItem(
    long FormId, string Unit, int Year, FormKind Kind, string? Project, int High, int Medium, int Low,
    double? OutlierScore, decimal? TotalScore);

/// <summary>Findings per unit and year for the heat map; <see cref="Counts"/>[unit, year] is null without a form.</summary>
public sealed record UnitYearGrid(IReadOnlyList<string> Units, IReadOnlyList<int> Years, int?[,] Counts);

/// <summary>
/// The overview page's aggregates. Each is computed in the database and kept until the data change (a new analysis
/// run or another form), so the overview of a large corpus costs its aggregation once, not on every visit.
/// </summary>
public sealed class OverviewQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    private readonly ConcurrentDictionary<string, (string Version, object Value)> _cache = new(StringComparer.Ordinal);

    public Task<OverviewCounts> CountsAsync(CancellationToken ct) => CachedAsync(nameof(CountsAsync), async db =>
    {
        var bySeverity = await db.Findings.GroupBy(f => f.Severity).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var run = await db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var reviewed = await db.Findings.CountAsync(f => ReviewStates.KeysClosed(db).Contains(f.Key), ct);
        int Of(Severity s) => bySeverity.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
        return new OverviewCounts(await db.Units.CountAsync(ct), await db.Forms.CountAsync(ct),
            await db.Forms.Select(f => f.Year).Distinct().OrderBy(y => y).ToListAsync(ct),
            Of(Severity.High), Of(Severity.Medium), Of(Severity.Low), reviewed, run?.FinishedAtUtc, run?.RuleCount ?? 0);
    }, ct);

    /// <summary>
    /// Forms with findings, most serious first: by High, then Medium findings, then ML1's outlier score (forms ML1
    /// flagged first, higher scores first), then Low findings.
    /// </summary>
    public async Task<Page<ReviewQueueItem>> ReviewQueueAsync(int skip, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var grouped = db.Findings.AsNoTracking().GroupBy(f => f.FormId).Select(g => new
        {
            FormId = g.Key,
            High = g.Count(f => f.Severity == Severity.High),
            Medium = g.Count(f => f.Severity == Severity.Medium),
            Low = g.Count(f => f.Severity == Severity.Low),
            // Only ML1 findings carry a score; a form ML1 did not flag sorts below every flagged one.
            Score = g.Max(f => f.OutlierScore) ?? double.MinValue,
        });
        var total = await grouped.CountAsync(ct);
        var page = await grouped.OrderByDescending(x => x.High).ThenByDescending(x => x.Medium)
            .ThenByDescending(x => x.Score).ThenByDescending(x => x.Low).ThenBy(x => x.FormId)
            .Skip(skip).Take(take).ToListAsync(ct);
        var ids = page.Select(p => p.FormId).ToList();
        var forms = await db.Forms.AsNoTracking().Where(f => ids.Contains(f.Id))
            .Select(f => new { f.Id, Unit = f.Unit!.Name, f.Year, f.Kind, f.ProjectName, f.TotalScore })
            .ToDictionaryAsync(f => f.Id, ct);
        var items = page.Select(p =>
        {
            var f = forms[p.FormId];
            return new ReviewQueueItem(p.FormId, f.Unit, f.Year, f.Kind,
                f.ProjectName.Length == 0 ? null : f.ProjectName, p.High, p.Medium, p.Low,
                p.Score == double.MinValue ? null : p.Score, f.TotalScore);
        }).ToList();
        return new Page<ReviewQueueItem>(items, total);
    }

    /// <summary>总分 of every form in bins of <paramref name="width"/> points (only the bins, never the forms).</summary>
    public Task<IReadOnlyList<ValueBin>> ScoreHistogramAsync(double width, CancellationToken ct) =>
        CachedAsync(nameof(ScoreHistogramAsync) + width.ToString(CultureInfo.InvariantCulture), async db =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, 0);
            // 总分 is stored as filed text (exact decimals), which the provider cannot bin: one narrow column is read
            // and binned here.
            var counts = new SortedDictionary<long, int>();
            await foreach (var score in db.Forms.AsNoTracking().Where(f => f.TotalScore != null)
                               .Select(f => f.TotalScore!.Value).AsAsyncEnumerable().WithCancellation(ct))
            {
                var bin = (long)Math.Floor((double)score / width);
                counts[bin] = counts.GetValueOrDefault(bin) + 1;
            }

            return (IReadOnlyList<ValueBin>)counts.Select(c => new ValueBin(c.Key * width, (c.Key + 1) * width, c.Value))
                .ToList();
        }, ct);

    /// <summary>
    /// Completion ratio (actual ÷ target; target ÷ actual for ≤ and &lt;) of quantitative rows, in percent, binned by
    /// <paramref name="width"/> points between <paramref name="low"/> and <paramref name="high"/>; ratios outside go
    /// to the edge bins. Computed by the database over the indicator rows.
    /// </summary>
    public Task<IReadOnlyList<ValueBin>> CompletionHistogramAsync(double width, double low, double high,
        CancellationToken ct) =>
        CachedAsync(string.Create(CultureInfo.InvariantCulture, $"completion{width}:{low}:{high}"), async db =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, 0);
            // The bin width is a number of ours, written into the SQL. Provider dialects: SQLite's CAST to INTEGER truncates, PostgreSQL's rounds; REAL is a double in SQLite
            // and a float4 in PostgreSQL.
            var (real, truncate) = db.Database.IsSqlite()
                ? ("REAL", "CAST({0} AS INTEGER)")
                : ("DOUBLE PRECISION", "CAST(TRUNC({0}) AS BIGINT)");
            var ratio = $"""
                (CASE WHEN "TargetOp" IN ('LessOrEqual', 'Less')
                      THEN CAST("TargetValue" AS {real}) / CAST("ActualValue" AS {real})
                      ELSE CAST("ActualValue" AS {real}) / CAST("TargetValue" AS {real}) END) * 100.0 / {width.ToString("R", CultureInfo.InvariantCulture)}
                """;
            var sql = $"""
                SELECT {truncate.Replace("{0}", ratio, StringComparison.Ordinal)} AS "Bin", COUNT(*) AS "Count"
                FROM indicator_rows
                WHERE "TargetValue" IS NOT NULL AND "ActualValue" IS NOT NULL
                  AND "TargetKind" IN ('Numeric', 'Percent') AND "ActualKind" = "TargetKind"
                  AND ("TargetUnit" IS NULL OR "ActualUnit" IS NULL OR "TargetUnit" = "ActualUnit")
                  AND CAST("TargetValue" AS {real}) <> 0 AND CAST("ActualValue" AS {real}) <> 0
                GROUP BY 1
                """;
            var rows = await db.Database.SqlQueryRaw<BinCount>(sql).ToListAsync(ct);
            var first = (long)Math.Floor(low / width);
            var last = (long)Math.Floor(high / width) - 1;
            var counts = new SortedDictionary<long, int>();
            for (var b = first; b <= last; b++)
            {
                counts[b] = 0;
            }

            foreach (var r in rows)
            {
                var b = Math.Clamp(r.Bin, first, last);
                counts[b] += r.Count;
            }

            return (IReadOnlyList<ValueBin>)counts.Select(c => new ValueBin(c.Key * width, (c.Key + 1) * width, c.Value))
                .ToList();
        }, ct);

    /// <summary>Findings per unit and year for the <paramref name="top"/> units with the most findings.</summary>
    public Task<UnitYearGrid> FindingsByUnitYearAsync(int top, CancellationToken ct) =>
        CachedAsync(nameof(FindingsByUnitYearAsync) + top.ToString(CultureInfo.InvariantCulture), async db =>
        {
            var perForm = db.Findings.GroupBy(f => f.FormId).Select(g => new { FormId = g.Key, Count = g.Count() });
            var byUnit = await (from c in perForm
                                join f in db.Forms on c.FormId equals f.Id
                                group c by f.UnitId into g
                                orderby g.Sum(x => x.Count) descending, g.Key
                                select g.Key).Take(top).ToListAsync(ct);
            var forms = await db.Forms.AsNoTracking().Where(f => byUnit.Contains(f.UnitId))
                .Select(f => new { f.Id, f.UnitId, Unit = f.Unit!.Name, f.Year }).ToListAsync(ct);
            var formIds = forms.Select(f => f.Id).ToList();
            var findingCounts = await db.Findings.Where(f => formIds.Contains(f.FormId)).GroupBy(f => f.FormId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var years = forms.Select(f => f.Year).Distinct().Order().ToList();
            var names = byUnit.Select(id => forms.First(f => f.UnitId == id).Unit).ToList();
            var grid = new int?[byUnit.Count, years.Count];
            foreach (var f in forms)
            {
                var r = byUnit.IndexOf(f.UnitId);
                var c = years.IndexOf(f.Year);
                grid[r, c] = (grid[r, c] ?? 0) + findingCounts.GetValueOrDefault(f.Id);
            }

            return new UnitYearGrid(names, years, grid);
        }, ct);

    /// <summary>The cached value while the data version (latest run, forms, reviews) is unchanged.</summary>
    private async Task<T> CachedAsync<T>(string key, Func<PerfEvalDbContext, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var run = await db.AnalysisRuns.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        var forms = await db.Forms.CountAsync(ct);
        var lastForm = await db.Forms.MaxAsync(f => (long?)f.Id, ct) ?? 0;
        var reviews = await db.FindingReviews.MaxAsync(r => (long?)r.Id, ct) ?? 0;
        var version = string.Create(CultureInfo.InvariantCulture, $"{run}:{forms}:{lastForm}:{reviews}");
        if (_cache.TryGetValue(key, out var hit) && hit.Version == version)
        {
            return (T)hit.Value;
        }

        var value = await compute(db);
        _cache[key] = (version, value);
        return value;
    }

    private sealed record BinCount(long Bin, int Count);
}
