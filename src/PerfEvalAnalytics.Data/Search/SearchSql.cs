namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// The search indexes' DDL for each provider, used by the FreeTextSearch migrations (and by tools that rebuild a
/// store outside EF). Kept here, next to <see cref="SearchTerms"/> and <see cref="TextSearch"/>, because the three
/// must agree on table names, functions and grams.
/// </summary>
public static class SearchSql
{
    // No prefix index: it doubled the tokens written per explanation, and ingest of 10,000 generated forms took
    // 18.3 s with it against 11.0 s without; a one-character query (a prefix query) still answers from the term
    // b-tree (率 2.1 ms, 延 5.0 ms on that corpus, Dashboard.Bench).
    private const string Fts = "tokenize='ascii', content='', contentless_delete=1";

    /// <summary>The row and finding search tables' names, and their queues of rows still to index.</summary>
    public const string RowsIndex = "indicator_rows_search";
    public const string RowsQueue = "indicator_rows_search_queue";
    public const string FindingsIndex = "findings_search";
    public const string FindingsQueue = "findings_search_queue";

    /// <summary>
    /// Migration FreeTextSearch: the FTS5 tables, filled from the rows already stored, with triggers that index
    /// every written row at once (replaced by <see cref="SqliteQueueUp"/>).
    /// </summary>
    public static IReadOnlyList<string> SqliteUp { get; } =
    [
        $"CREATE VIRTUAL TABLE {RowsIndex} USING fts5(terms, {Fts});",
        .. DirectRowTriggers,
        $"""
        INSERT INTO {RowsIndex}(rowid, terms)
        SELECT Id, perfeval_grams(Explanation) FROM indicator_rows WHERE Explanation IS NOT NULL AND Explanation <> '';
        """,
        // severity holds one token (sev0, sev1, sev2) so that the grid's default order (severity, then id) can be
        // paged from the index alone: per severity, matches come in rowid order.
        $"CREATE VIRTUAL TABLE {FindingsIndex} USING fts5(message, indicator, severity, {Fts});",
        .. DirectFindingTriggers,
        $"""
        INSERT INTO {FindingsIndex}(rowid, message, indicator, severity)
        SELECT Id, perfeval_grams(Message), perfeval_grams(Indicator), 'sev' || Severity FROM findings;
        """,
    ];

    public static IReadOnlyList<string> SqliteDown { get; } =
    [
        "DROP TRIGGER IF EXISTS findings_search_update;",
        "DROP TRIGGER IF EXISTS findings_search_delete;",
        "DROP TRIGGER IF EXISTS findings_search_insert;",
        $"DROP TABLE IF EXISTS {FindingsIndex};",
        "DROP TRIGGER IF EXISTS indicator_rows_search_update;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_delete;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_insert;",
        $"DROP TABLE IF EXISTS {RowsIndex};",
    ];

    /// <summary>
    /// Migration SearchQueue: written rows are queued (their ids, by trigger) and indexed set-based when the
    /// transaction commits (<see cref="SqliteSearchIndexer"/>), instead of one FTS5 insert per row. FTS5 flushes its
    /// pending terms to a new segment at every statement savepoint, so a trigger-fed index wrote one segment per
    /// inserted row and spent its time merging them: ingest of 10,000 generated forms 11.0 s, against about 1 s
    /// more than without the index when a batch's rows go in by one INSERT … SELECT. Deletes still go straight to
    /// the index (and the queue); a row still queued is found by <see cref="TextSearch"/> through an exact substring
    /// check, so the results never depend on the flush having run.
    /// </summary>
    public static IReadOnlyList<string> SqliteQueueUp { get; } =
    [
        .. DropTriggers,
        $"CREATE TABLE {RowsQueue} (Id INTEGER PRIMARY KEY);",
        $"CREATE TABLE {FindingsQueue} (Id INTEGER PRIMARY KEY);",
        $"""
        CREATE TRIGGER indicator_rows_search_insert AFTER INSERT ON indicator_rows
        WHEN new.Explanation IS NOT NULL AND new.Explanation <> ''
        BEGIN
          INSERT INTO {RowsQueue}(Id) VALUES (new.Id);
        END;
        """,
        $"""
        CREATE TRIGGER indicator_rows_search_delete AFTER DELETE ON indicator_rows
        WHEN old.Explanation IS NOT NULL AND old.Explanation <> ''
        BEGIN
          DELETE FROM {RowsIndex} WHERE rowid = old.Id;
          DELETE FROM {RowsQueue} WHERE Id = old.Id;
        END;
        """,
        $"""
        CREATE TRIGGER indicator_rows_search_update AFTER UPDATE OF Explanation ON indicator_rows
        BEGIN
          DELETE FROM {RowsIndex} WHERE rowid = old.Id;
          DELETE FROM {RowsQueue} WHERE Id = old.Id;
          INSERT INTO {RowsQueue}(Id) SELECT new.Id WHERE new.Explanation IS NOT NULL AND new.Explanation <> '';
        END;
        """,
        $"""
        CREATE TRIGGER findings_search_insert AFTER INSERT ON findings
        BEGIN
          INSERT INTO {FindingsQueue}(Id) VALUES (new.Id);
        END;
        """,
        $"""
        CREATE TRIGGER findings_search_delete AFTER DELETE ON findings
        BEGIN
          DELETE FROM {FindingsIndex} WHERE rowid = old.Id;
          DELETE FROM {FindingsQueue} WHERE Id = old.Id;
        END;
        """,
        $"""
        CREATE TRIGGER findings_search_update AFTER UPDATE OF Message, Indicator, Severity ON findings
        BEGIN
          DELETE FROM {FindingsIndex} WHERE rowid = old.Id;
          DELETE FROM {FindingsQueue} WHERE Id = old.Id;
          INSERT INTO {FindingsQueue}(Id) VALUES (new.Id);
        END;
        """,
    ];

    public static IReadOnlyList<string> SqliteQueueDown { get; } =
    [
        FlushRows,
        FlushFindings,
        .. DropTriggers,
        $"DROP TABLE IF EXISTS {RowsQueue};",
        $"DROP TABLE IF EXISTS {FindingsQueue};",
        .. DirectRowTriggers,
        .. DirectFindingTriggers,
    ];

    /// <summary>
    /// Migration SearchMergeWidth: each index merges its segments 16 at a time instead of FTS5's default 4
    /// ('automerge'). Every commit of a store batch adds a segment; with merges of 4 the index rewrote its older
    /// segments again and again. The explanations of 100,000 generated forms (823,062 texts) indexed in batches as
    /// ingest commits them: 13.6 s with the default, 8.0 s with 16 (SQLite 3.40, precomputed documents); the index
    /// then holds 21 segments instead of 14, and counting or paging a query's matches took the same time (率
    /// 317,816 matches 16 ms, 人员岗位调整 13 ms). With the bundled SQLite the ingest of those forms went from 36.8 to
    /// 31.9 s (`perfeval bench`). A merge of a full level now happens within the commit that fills it (FTS5's
    /// crisismerge is also 16), so an occasional commit takes longer.
    /// </summary>
    public static IReadOnlyList<string> SqliteMergeWidthUp { get; } = MergeWidth(16);

    /// <summary>Back to FTS5's default merge width.</summary>
    public static IReadOnlyList<string> SqliteMergeWidthDown { get; } = MergeWidth(4);

    /// <summary>Indexes the queued indicator rows (in id order, as FTS5 appends best) and empties the queue.</summary>
    public const string FlushRows = $"""
        INSERT INTO {RowsIndex}(rowid, terms)
        SELECT r.Id, perfeval_grams(r.Explanation) FROM {RowsQueue} q JOIN indicator_rows r ON r.Id = q.Id ORDER BY q.Id;
        DELETE FROM {RowsQueue};
        """;

    /// <summary>Indexes the queued findings and empties the queue.</summary>
    public const string FlushFindings = $"""
        INSERT INTO {FindingsIndex}(rowid, message, indicator, severity)
        SELECT f.Id, perfeval_grams(f.Message), perfeval_grams(f.Indicator), 'sev' || f.Severity
        FROM {FindingsQueue} q JOIN findings f ON f.Id = q.Id ORDER BY q.Id;
        DELETE FROM {FindingsQueue};
        """;

    private static string[] MergeWidth(int segments)
    {
        var n = segments.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            $"INSERT INTO {RowsIndex}({RowsIndex}, rank) VALUES ('automerge', {n});",
            $"INSERT INTO {FindingsIndex}({FindingsIndex}, rank) VALUES ('automerge', {n});",
        ];
    }

    private static string[] DropTriggers =>
    [
        "DROP TRIGGER IF EXISTS indicator_rows_search_insert;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_delete;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_update;",
        "DROP TRIGGER IF EXISTS findings_search_insert;",
        "DROP TRIGGER IF EXISTS findings_search_delete;",
        "DROP TRIGGER IF EXISTS findings_search_update;",
    ];

    private static string[] DirectRowTriggers =>
    [
        $"""
        CREATE TRIGGER indicator_rows_search_insert AFTER INSERT ON indicator_rows
        WHEN new.Explanation IS NOT NULL AND new.Explanation <> ''
        BEGIN
          INSERT INTO {RowsIndex}(rowid, terms) VALUES (new.Id, perfeval_grams(new.Explanation));
        END;
        """,
        $"""
        CREATE TRIGGER indicator_rows_search_delete AFTER DELETE ON indicator_rows
        WHEN old.Explanation IS NOT NULL AND old.Explanation <> ''
        BEGIN
          DELETE FROM {RowsIndex} WHERE rowid = old.Id;
        END;
        """,
        $"""
        CREATE TRIGGER indicator_rows_search_update AFTER UPDATE OF Explanation ON indicator_rows
        BEGIN
          DELETE FROM {RowsIndex} WHERE rowid = old.Id;
          INSERT INTO {RowsIndex}(rowid, terms) SELECT new.Id, perfeval_grams(new.Explanation)
          WHERE new.Explanation IS NOT NULL AND new.Explanation <> '';
        END;
        """,
    ];

    private static string[] DirectFindingTriggers =>
    [
        $"""
        CREATE TRIGGER findings_search_insert AFTER INSERT ON findings
        BEGIN
          INSERT INTO {FindingsIndex}(rowid, message, indicator, severity)
          VALUES (new.Id, perfeval_grams(new.Message), perfeval_grams(new.Indicator), 'sev' || new.Severity);
        END;
        """,
        $"""
        CREATE TRIGGER findings_search_delete AFTER DELETE ON findings
        BEGIN
          DELETE FROM {FindingsIndex} WHERE rowid = old.Id;
        END;
        """,
        $"""
        CREATE TRIGGER findings_search_update AFTER UPDATE OF Message, Indicator, Severity ON findings
        BEGIN
          DELETE FROM {FindingsIndex} WHERE rowid = old.Id;
          INSERT INTO {FindingsIndex}(rowid, message, indicator, severity)
          VALUES (new.Id, perfeval_grams(new.Message), perfeval_grams(new.Indicator), 'sev' || new.Severity);
        END;
        """,
    ];

    public static IReadOnlyList<string> PostgresUp { get; } =
    [
        // Every character and every pair of adjacent characters (GIN keeps each key once). IMMUTABLE so it can be
        // indexed; STRICT so a null text has no grams (and no index entries). PL/pgSQL over string_to_array: four
        // times faster than a set-returning SQL body, which matters because every inserted row computes it.
        """
        CREATE OR REPLACE FUNCTION perfeval_grams(t text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        DECLARE
          chars text[] := string_to_array(t, NULL);
          grams text[] := chars;
        BEGIN
          FOR i IN 1 .. coalesce(cardinality(chars), 0) - 1 LOOP
            grams := grams || (chars[i] || chars[i + 1]);
          END LOOP;
          RETURN grams;
        END
        $$;
        """,
        """CREATE INDEX ix_indicator_rows_explanation_grams ON indicator_rows USING gin (perfeval_grams("Explanation"));""",
        """CREATE INDEX ix_findings_message_grams ON findings USING gin (perfeval_grams("Message"));""",
        """CREATE INDEX ix_findings_indicator_grams ON findings USING gin (perfeval_grams("Indicator"));""",
    ];

    public static IReadOnlyList<string> PostgresDown { get; } =
    [
        "DROP INDEX IF EXISTS ix_findings_indicator_grams;",
        "DROP INDEX IF EXISTS ix_findings_message_grams;",
        "DROP INDEX IF EXISTS ix_indicator_rows_explanation_grams;",
        "DROP FUNCTION IF EXISTS perfeval_grams(text);",
    ];
}
