using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>
/// Indexes the findings grid needs on a large corpus, beyond those of the migrations: covering indexes over the
/// filter and sort columns, so that counting and paging read narrow index entries instead of wide finding rows
/// (messages, evidence). Created if missing; on SQLite the planner's statistics are refreshed (sampled, fast).
/// </summary>
/// <remarks>
/// Kept out of the EF model for now (the dashboard owns this read side); the statements are plain SQL that PostgreSQL
/// accepts too. A later migration can take them over under the same names.
/// </remarks>
public static class ReadSideIndexes
{
    private static readonly string[] Statements =
    [
        "CREATE INDEX IF NOT EXISTS ix_findings_read_year ON findings (Year, Kind, Severity, RuleCode, UnitName)",
        "CREATE INDEX IF NOT EXISTS ix_findings_read_rule ON findings (RuleCode, Severity, Year, Kind, UnitName)",
    ];

    public static async Task EnsureAsync(IDbContextFactory<PerfEvalDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        foreach (var sql in Statements)
        {
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }

        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            // Without statistics SQLite picks the year index with a lookup per row over a covering one; a sampled
            // ANALYZE (1000 rows per index) takes milliseconds even on millions of findings.
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;", ct);
        }
    }
}
