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
        var grams = string.Join(" OR ", columns.Select(c => $"perfeval_grams(\"{c}\") @> {{0}}"));
        var sql = $"SELECT \"Id\" AS \"Value\" FROM {table} WHERE ({grams})";
        if (SearchTerms.NeedsRecheck(text))
        {
            sql += $" AND ({string.Join(" OR ", columns.Select(c => $"strpos(\"{c}\", {{1}}) > 0"))})";
        }

        return db.Database.SqlQueryRaw<long>(sql, SearchTerms.Grams(text), text);
    }
}
