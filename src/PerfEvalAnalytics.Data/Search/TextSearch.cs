using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Free-text search through the bigram indexes (see <see cref="SearchTerms"/>): the ids of the rows whose text
/// contains the query, as a subquery the caller composes with its other filters. SQLite answers from the FTS5 tables
/// indicator_rows_search and findings_search (kept in step by triggers and a queue indexed at commit); PostgreSQL from
/// GIN indexes on perfeval_gram_vector(column) for findings and on the stored vectors of explanations
/// (<see cref="PostgresGrams"/>). Both return exactly the rows a plain substring filter returns.
/// </summary>
public static class TextSearch
{
    /// <summary>Up to this many matches the caller looks each one up; above it, it walks its own order and probes
    /// the matches (dense matches fill a page after a short walk; sparse ones would make it walk everything).</summary>
    public const int LookupLimit = 5000;

    private static readonly string[] FindingColumns = ["Message", "Indicator"];

    private static readonly string[] ExplanationColumns = ["Explanation"];

    /// <summary>The matches of a query and how many there are (counted from the index alone).</summary>
    /// <param name="Ids">The matching ids, as a subquery.</param>
    /// <param name="Count">How many (or the cap, from <see cref="FindingsCountedUpToAsync"/>).</param>
    /// <param name="Probe">True on SQLite when there are more than <see cref="LookupLimit"/>: filter with
    /// <c>Ids.Contains(Id + 0)</c>, which keeps SQLite from reading every match's row by id. (On PostgreSQL the
    /// subquery itself is left open to the planner then.)</param>
    public sealed record Matches(IQueryable<long> Ids, int Count, bool Probe);

    /// <summary>Findings whose message or indicator contains <paramref name="text"/>, counted.</summary>
    public static Task<Matches> FindingsAsync(PerfEvalDbContext db, string text, CancellationToken ct) =>
        db.Database.IsSqlite()
            ? CountedAsync(db, FindingIds(db, text), ct)
            : CountedOnPostgresAsync(db, "findings", FindingColumns, text, ct);

    /// <summary>
    /// Findings whose message or indicator contains <paramref name="text"/>, counted up to <paramref name="cap"/>
    /// on PostgreSQL (exactly on SQLite): for a caller that needs the count only to know whether it passes a
    /// threshold below the cap. The count stops at the cap: 原因 (64,286 matches among 312,855 findings) 31 ms
    /// against 160 ms for the full count, 率 46 ms against 204 ms.
    /// </summary>
    internal static Task<Matches> FindingsCountedUpToAsync(PerfEvalDbContext db, string text, int cap,
        CancellationToken ct) =>
        db.Database.IsSqlite()
            ? CountedAsync(db, FindingIds(db, text), ct)
            : CountedOnPostgresAsync(db, "findings", FindingColumns, text, ct, cap);

    /// <summary>Indicator rows whose explanation contains <paramref name="text"/>, counted.</summary>
    public static Task<Matches> ExplanationsAsync(PerfEvalDbContext db, string text, CancellationToken ct) =>
        db.Database.IsSqlite()
            ? CountedAsync(db, ExplanationRowIds(db, text), ct)
            : CountedOnPostgresAsync(db, "indicator_rows", ExplanationColumns, text, ct);

    private static async Task<Matches> CountedAsync(PerfEvalDbContext db, IQueryable<long> ids, CancellationToken ct)
    {
        var count = await ids.CountAsync(ct);
        return new Matches(ids, count, count > LookupLimit && db.Database.IsSqlite());
    }

    /// <summary>
    /// PostgreSQL: counted straight from the tables (no id list to build), and past <see cref="LookupLimit"/> the
    /// matches unfenced, so that the planner may walk the caller's order and test each row it passes (a page of a
    /// dense query then reads a few hundred rows, where the fenced id list read every match: 0.38 s against 7 ms for
    /// 原因 on 208,566 findings, and it grew with the table).
    /// </summary>
    /// <remarks>
    /// With a <paramref name="cap"/> the matches are a MATERIALIZED common table expression read up to the cap: the
    /// expression is planned as the full count is (a bitmap of the GIN index) and read lazily. A plain LIMIT let the
    /// planner choose a sequential scan computing every row's gram vector instead (率: 534 ms against 46 ms).
    /// </remarks>
    private static async Task<Matches> CountedOnPostgresAsync(PerfEvalDbContext db, string table, string[] columns,
        string text, CancellationToken ct, int? cap = null)
    {
        await KeepBitmapsExactAsync(db, ct);
        var (condition, parameters) = PostgresCondition(columns, text);
        var countSql = cap is { } n
            ? $"SELECT (WITH m AS MATERIALIZED (SELECT 1 FROM {table} WHERE {condition}) "
                + $"SELECT count(*)::int FROM (SELECT 1 FROM m LIMIT {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}) AS capped) AS \"Value\""
            : $"SELECT count(*)::int AS \"Value\" FROM {table} WHERE {condition}";
        var count = await db.Database.SqlQueryRaw<int>(countSql, parameters).SingleAsync(ct);
        return new Matches(PostgresIds(db, table, columns, text, count), count, Probe: false);
    }

    /// <summary>
    /// PostgreSQL: the ids matching <paramref name="text"/>, fenced when there are at most <see cref="LookupLimit"/>
    /// (<paramref name="count"/>): OFFSET 0 keeps the planner from pulling the gram test up into the caller's join,
    /// where it would compute the gram vectors for every row it walks (a 0-match query then costs minutes); fenced,
    /// the few matches come from the GIN index once and are probed.
    /// </summary>
    private static IQueryable<long> PostgresIds(PerfEvalDbContext db, string table, string[] columns, string text,
        int count)
    {
        var (condition, parameters) = PostgresCondition(columns, text);
        var ids = $"SELECT \"Id\" AS \"Value\" FROM {table} WHERE {condition}";
        if (count <= LookupLimit)
        {
            ids = $"SELECT \"Value\" FROM ({ids} OFFSET 0) AS matches";
        }

        return db.Database.SqlQueryRaw<long>(ids, parameters);
    }

    /// <summary>
    /// PostgreSQL: how many findings of each severity contain <paramref name="text"/> (one pass over the matches, as
    /// the plain count makes; a severity without matches is absent).
    /// </summary>
    internal static async Task<Dictionary<Analysis.Severity, int>> FindingCountsBySeverityOnPostgresAsync(
        PerfEvalDbContext db, string text, CancellationToken ct)
    {
        await KeepBitmapsExactAsync(db, ct);
        var (condition, parameters) = PostgresCondition(FindingColumns, text);
        var sql = $"SELECT \"Severity\", count(*)::int AS \"Count\" FROM findings WHERE {condition} GROUP BY \"Severity\"";
        var counts = await db.Database.SqlQueryRaw<SeverityCount>(sql, parameters).ToListAsync(ct);
        return counts.ToDictionary(c => (Analysis.Severity)c.Severity, c => c.Count);
    }

    /// <summary>PostgreSQL: the findings matching <paramref name="text"/>, shaped as <see cref="FindingsAsync"/>
    /// shapes them for <paramref name="count"/> matches (the count already known).</summary>
    internal static IQueryable<long> FindingIdsOnPostgres(PerfEvalDbContext db, string text, int count) =>
        PostgresIds(db, "findings", FindingColumns, text, count);

    /// <summary>
    /// PostgreSQL: among the first <paramref name="walk"/> findings of <paramref name="severity"/> in id order (the
    /// severity index's order), those whose message or indicator contains <paramref name="text"/>, by the exact
    /// check alone (the same rows the gram test and its check find, without computing a gram vector), from the
    /// <paramref name="skip"/>th on, at most <paramref name="take"/>. Read lazily: dense matches fill a page after a
    /// short walk; the bound keeps sparse ones to at most <paramref name="walk"/> findings before the caller falls
    /// back to the index.
    /// </summary>
    /// <remarks>
    /// The severity is a range and both orders name it, so that the severity index serves the walk and the outer
    /// order is the walk's: with "= severity ORDER BY Id" the planner walked the primary key, skipping the other
    /// severities (10,000 High findings 42 ms instead of 24 ms), and an outer order by id alone sorted the whole walk
    /// (61 ms for the first page of 执行率 instead of 0.5 ms).
    /// </remarks>
    internal static IQueryable<long> WalkedFindingIdsOnPostgres(PerfEvalDbContext db, string text,
        Analysis.Severity severity, int walk, int skip, int take)
    {
        var exact = string.Join(" OR ", FindingColumns.Select(c => $"strpos(walked.\"{c}\", {{0}}) > 0"));
        var sql = "SELECT walked.\"Id\" AS \"Value\" FROM (SELECT \"Id\", \"Severity\", \"Message\", \"Indicator\" "
            + "FROM findings WHERE \"Severity\" >= {1} AND \"Severity\" <= {1} ORDER BY \"Severity\" DESC, \"Id\" LIMIT {2}) "
            + $"AS walked WHERE {exact} ORDER BY walked.\"Severity\" DESC, walked.\"Id\" OFFSET {{3}} LIMIT {{4}}";
        return db.Database.SqlQueryRaw<long>(sql, text, (int)severity, walk, skip, take);
    }

    /// <summary>
    /// PostgreSQL: the findings whose message or indicator contains <paramref name="text"/>, as a source the caller
    /// filters further: the gram test and its check sit in the same WHERE as the caller's conditions. For many
    /// matches only (see <see cref="PostgresIds"/> for why few are fenced).
    /// </summary>
    internal static IQueryable<Entities.FindingEntity> FindingsContainingOnPostgres(PerfEvalDbContext db,
        string text)
    {
        var (condition, parameters) = PostgresCondition(FindingColumns, text);
        // Table and column names are ours; the query text goes in as parameters.
        var sql = $"SELECT * FROM findings WHERE {condition}";
        return db.Findings.FromSqlRaw(sql, parameters);
    }

    /// <summary>A row of <see cref="FindingCountsBySeverityOnPostgresAsync"/>'s query.</summary>
    private sealed class SeverityCount
    {
        public int Severity { get; set; }

        public int Count { get; set; }
    }

    /// <summary>
    /// Gives this context's connection enough work_mem (for as long as the context keeps it open) that the bitmaps of
    /// a common query's matches stay exact. With the default 4 MB a bitmap over about 40,000 heap pages turns lossy,
    /// and then every row of a lossy page is tested again, computing its gram vector: counting 率 on 208,566
    /// findings took 21 s with a lossy bitmap against 0.3 s with an exact one (that is why 原因 and 率 took about
    /// 28 s on a million findings). 64 MB keeps a bitmap exact up to some 500,000 pages; it is a ceiling for sorts
    /// and hashes, not an allocation.
    /// </summary>
    private static async Task KeepBitmapsExactAsync(PerfEvalDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SET work_mem = '64MB'", ct);
    }

    /// <summary>The gram test (and, past two characters, the exact check) and its parameters.</summary>
    private static (string Condition, object[] Parameters) PostgresCondition(string[] columns, string text)
    {
        // One GIN index per column; the OR becomes a BitmapOr of index scans. Longer queries are checked exactly:
        // containing all of a text's bigrams is not yet containing the text.
        var grams = columns.Select(c => $"{PostgresGrams.VectorOf(c)} @@ {{0}}::tsquery");
        var condition = "(" + string.Join(" OR ", grams) + ")";
        if (SearchTerms.NeedsRecheck(text))
        {
            condition += $" AND ({string.Join(" OR ", columns.Select(c => $"strpos(\"{c}\", {{1}}) > 0"))})";
        }

        return (condition, [PostgresGrams.Query(text), text]);
    }

    /// <summary>Findings whose message or indicator contains <paramref name="text"/>.</summary>
    public static IQueryable<long> FindingIds(PerfEvalDbContext db, string text) =>
        Ids(db, SearchSql.FindingsIndex, SearchSql.FindingsQueue, "findings", FindingColumns, text);

    /// <summary>
    /// SQLite only (null elsewhere): findings of one <paramref name="severity"/> whose message or indicator contains
    /// <paramref name="text"/>, answered by the FTS index alone. Counted and paged in id order they give the grid's
    /// default order without reading a finding row.
    /// </summary>
    public static IQueryable<long>? FindingIdsOfSeverity(PerfEvalDbContext db, string text, Analysis.Severity severity)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var sev = ((int)severity).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sql = SqliteIds(SearchSql.FindingsIndex, SearchSql.FindingsQueue, "findings", ["Message", "Indicator"])
            + " AND t.Severity = {2}";
        return db.Database.SqlQueryRaw<long>(sql,
            $"{{message indicator}} : {SearchTerms.Match(text)} AND severity : sev{sev}", text, (int)severity);
    }

    /// <summary>Indicator rows whose deviation explanation contains <paramref name="text"/>.</summary>
    public static IQueryable<long> ExplanationRowIds(PerfEvalDbContext db, string text) =>
        Ids(db, SearchSql.RowsIndex, SearchSql.RowsQueue, "indicator_rows", ExplanationColumns, text);

    /// <summary>Table and column names are ours (never user input); the query text goes in as parameters.</summary>
    private static IQueryable<long> Ids(PerfEvalDbContext db, string ftsTable, string queue, string table,
        string[] columns, string text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (db.Database.IsSqlite())
        {
            return db.Database.SqlQueryRaw<long>(SqliteIds(ftsTable, queue, table, columns), SearchTerms.Match(text),
                text);
        }

        // Fenced for the reason given in CountedOnPostgresAsync.
        var (condition, parameters) = PostgresCondition(columns, text);
        var sql = $"SELECT \"Value\" FROM (SELECT \"Id\" AS \"Value\" FROM {table} WHERE {condition} OFFSET 0) AS matches";
        return db.Database.SqlQueryRaw<long>(sql, parameters);
    }

    /// <summary>
    /// SQLite: the index's matches for MATCH {0}, and the rows still queued for indexing (written in a transaction
    /// that has not committed through <see cref="SqliteSearchIndexer"/>, or by a raw connection) that contain {1}, as
    /// the plain filter checks it. The queue is empty after every commit of the store, so the second part costs
    /// nothing; it keeps the results exact whoever wrote the rows. CROSS JOIN fixes the join order (queue first):
    /// with a plain JOIN and a severity condition SQLite walked the table's severity index instead (原因 on 100,000
    /// forms: 2.3 s instead of 27 ms). The caller may add " AND t.…" conditions on the queued rows.
    /// </summary>
    private static string SqliteIds(string ftsTable, string queue, string table, string[] columns) =>
        $"SELECT rowid AS Value FROM {ftsTable} WHERE {ftsTable} MATCH {{0}} UNION ALL "
        + $"SELECT q.Id FROM {queue} q CROSS JOIN {table} t ON t.Id = q.Id "
        + $"WHERE ({string.Join(" OR ", columns.Select(c => $"instr(t.{c}, {{1}}) > 0"))})";
}
