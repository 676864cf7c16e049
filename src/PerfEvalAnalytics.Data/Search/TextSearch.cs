using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Free-text search through the bigram indexes (see <see cref="SearchTerms"/>): the ids of the rows whose text
/// contains the query, as a subquery the caller composes with its other filters. SQLite answers from the FTS5 tables
/// indicator_rows_search and findings_search (kept in step by triggers); PostgreSQL from GIN indexes on
/// perfeval_grams(column). Both return exactly the rows a plain substring filter returns.
/// </summary>
public static class TextSearch
{
    /// <summary>Up to this many matches the caller looks each one up; above it, it walks its own order and probes
    /// the matches (dense matches fill a page after a short walk; sparse ones would make it walk everything).</summary>
    public const int LookupLimit = 5000;

    /// <summary>The matches of a query and how many there are (counted from the index alone).</summary>
    /// <param name="Ids">The matching ids, as a subquery.</param>
    /// <param name="Count">How many.</param>
    /// <param name="Probe">True on SQLite when there are more than <see cref="LookupLimit"/>: filter with
    /// <c>Ids.Contains(Id + 0)</c>, which keeps SQLite from reading every match's row by id.</param>
    public sealed record Matches(IQueryable<long> Ids, int Count, bool Probe);

    /// <summary>Findings whose message or indicator contains <paramref name="text"/>, counted.</summary>
    public static Task<Matches> FindingsAsync(PerfEvalDbContext db, string text, CancellationToken ct) =>
        CountedAsync(db, FindingIds(db, text), ct);

    /// <summary>Indicator rows whose explanation contains <paramref name="text"/>, counted.</summary>
    public static Task<Matches> ExplanationsAsync(PerfEvalDbContext db, string text, CancellationToken ct) =>
        CountedAsync(db, ExplanationRowIds(db, text), ct);

    private static async Task<Matches> CountedAsync(PerfEvalDbContext db, IQueryable<long> ids, CancellationToken ct)
    {
        var count = await ids.CountAsync(ct);
        return new Matches(ids, count, count > LookupLimit && db.Database.IsSqlite());
    }

    /// <summary>Findings whose message or indicator contains <paramref name="text"/>.</summary>
    public static IQueryable<long> FindingIds(PerfEvalDbContext db, string text) =>
        Ids(db, SearchSql.FindingsIndex, SearchSql.FindingsQueue, "findings", ["Message", "Indicator"], text);

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
        Ids(db, SearchSql.RowsIndex, SearchSql.RowsQueue, "indicator_rows", ["Explanation"], text);

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

        // One GIN index per column; the OR becomes a BitmapOr of index scans. Longer queries are checked exactly:
        // containing all of a text's bigrams is not yet containing the text.
        var grams = string.Join(" OR ", columns.Select(c => $"perfeval_grams(\"{c}\") @> {{0}}"));
        var sql = $"SELECT \"Id\" AS \"Value\" FROM {table} WHERE ({grams})";
        if (SearchTerms.NeedsRecheck(text))
        {
            sql += $" AND ({string.Join(" OR ", columns.Select(c => $"strpos(\"{c}\", {{1}}) > 0"))})";
        }

        // OFFSET 0 keeps the planner from pulling the gram test up into the caller's join, where it would compute
        // perfeval_grams for every row it walks (a 0-match query then costs minutes); fenced, the matches come from
        // the GIN index once and are probed.
        sql = $"SELECT \"Value\" FROM ({sql} OFFSET 0) AS matches";

        return db.Database.SqlQueryRaw<long>(sql, SearchTerms.Grams(text), text);
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
