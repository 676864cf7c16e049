using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Free-text search through the bigram indexes (see <see cref="SearchTerms"/>): the ids of the rows whose text
/// contains the query, as a subquery the caller composes with its other filters. SQLite answers from the FTS5 tables
/// indicator_rows_search and findings_search (kept in step by triggers); PostgreSQL from GIN indexes on
/// perfeval_gram_vector(column) (<see cref="PostgresGrams"/>). Both return exactly the rows a plain substring filter
/// returns.
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
        Ids(db, "findings_search", "findings", ["Message", "Indicator"], text);

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

        var match = "SELECT rowid AS Value FROM findings_search WHERE findings_search MATCH {0}";
        return db.Database.SqlQueryRaw<long>(match,
            $"{{message indicator}} : {SearchTerms.Match(text)} AND severity : sev{((int)severity).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>Indicator rows whose deviation explanation contains <paramref name="text"/>.</summary>
    public static IQueryable<long> ExplanationRowIds(PerfEvalDbContext db, string text) =>
        Ids(db, "indicator_rows_search", "indicator_rows", ["Explanation"], text);

    /// <summary>Table and column names are ours (never user input); the query text goes in as parameters.</summary>
    private static IQueryable<long> Ids(PerfEvalDbContext db, string ftsTable, string table, string[] columns,
        string text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (db.Database.IsSqlite())
        {
            var match = $"SELECT rowid AS Value FROM {ftsTable} WHERE {ftsTable} MATCH {{0}}";
            return db.Database.SqlQueryRaw<long>(match, SearchTerms.Match(text));
        }

        // One GIN index per column; the OR becomes a BitmapOr of index scans. Longer queries are checked exactly:
        // containing all of a text's bigrams is not yet containing the text.
        var grams = string.Join(" OR ", columns.Select(c => $"{PostgresGrams.Function}(\"{c}\") @@ {{0}}::tsquery"));
        var sql = $"SELECT \"Id\" AS \"Value\" FROM {table} WHERE ({grams})";
        if (SearchTerms.NeedsRecheck(text))
        {
            sql += $" AND ({string.Join(" OR ", columns.Select(c => $"strpos(\"{c}\", {{1}}) > 0"))})";
        }

        // OFFSET 0 keeps the planner from pulling the gram test up into the caller's join, where it would compute
        // the gram keys for every row it walks (a 0-match query then costs minutes); fenced, the matches come from
        // the GIN index once and are probed.
        sql = $"SELECT \"Value\" FROM ({sql} OFFSET 0) AS matches";

        return db.Database.SqlQueryRaw<long>(sql, PostgresGrams.Query(text), text);
    }
}
