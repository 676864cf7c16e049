using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>
/// The findings grid's covering indexes (ix_findings_read_year, ix_findings_read_rule) are part of the model and
/// its migrations; what remains here is keeping the planner statistics fresh (SQLite, PostgreSQL) so that it uses them.
/// </summary>
public static class ReadSideIndexes
{
    public static async Task EnsureAsync(IDbContextFactory<PerfEvalDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            // Without statistics SQLite picks the year index with a lookup per row over a covering one; a sampled
            // ANALYZE (1000 rows per index) takes milliseconds even on millions of findings.
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;", ct);
        }
        else
        {
            // After bulk COPY the statistics are stale until autovacuum gets to them; the grid's plans depend on them.
            await db.Database.ExecuteSqlRawAsync("ANALYZE findings, forms, units, indicator_rows;", ct);
        }
    }
}
