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

    public static IReadOnlyList<string> SqliteUp { get; } =
    [
        $"CREATE VIRTUAL TABLE indicator_rows_search USING fts5(terms, {Fts});",
        """
        CREATE TRIGGER indicator_rows_search_insert AFTER INSERT ON indicator_rows
        WHEN new.Explanation IS NOT NULL AND new.Explanation <> ''
        BEGIN
          INSERT INTO indicator_rows_search(rowid, terms) VALUES (new.Id, perfeval_grams(new.Explanation));
        END;
        """,
        """
        CREATE TRIGGER indicator_rows_search_delete AFTER DELETE ON indicator_rows
        WHEN old.Explanation IS NOT NULL AND old.Explanation <> ''
        BEGIN
          DELETE FROM indicator_rows_search WHERE rowid = old.Id;
        END;
        """,
        """
        CREATE TRIGGER indicator_rows_search_update AFTER UPDATE OF Explanation ON indicator_rows
        BEGIN
          DELETE FROM indicator_rows_search WHERE rowid = old.Id;
          INSERT INTO indicator_rows_search(rowid, terms) SELECT new.Id, perfeval_grams(new.Explanation)
          WHERE new.Explanation IS NOT NULL AND new.Explanation <> '';
        END;
        """,
        """
        INSERT INTO indicator_rows_search(rowid, terms)
        SELECT Id, perfeval_grams(Explanation) FROM indicator_rows WHERE Explanation IS NOT NULL AND Explanation <> '';
        """,
        // severity holds one token (sev0, sev1, sev2) so that the grid's default order (severity, then id) can be
        // paged from the index alone: per severity, matches come in rowid order.
        $"CREATE VIRTUAL TABLE findings_search USING fts5(message, indicator, severity, {Fts});",
        """
        CREATE TRIGGER findings_search_insert AFTER INSERT ON findings
        BEGIN
          INSERT INTO findings_search(rowid, message, indicator, severity)
          VALUES (new.Id, perfeval_grams(new.Message), perfeval_grams(new.Indicator), 'sev' || new.Severity);
        END;
        """,
        """
        CREATE TRIGGER findings_search_delete AFTER DELETE ON findings
        BEGIN
          DELETE FROM findings_search WHERE rowid = old.Id;
        END;
        """,
        """
        CREATE TRIGGER findings_search_update AFTER UPDATE OF Message, Indicator, Severity ON findings
        BEGIN
          DELETE FROM findings_search WHERE rowid = old.Id;
          INSERT INTO findings_search(rowid, message, indicator, severity)
          VALUES (new.Id, perfeval_grams(new.Message), perfeval_grams(new.Indicator), 'sev' || new.Severity);
        END;
        """,
        """
        INSERT INTO findings_search(rowid, message, indicator, severity)
        SELECT Id, perfeval_grams(Message), perfeval_grams(Indicator), 'sev' || Severity FROM findings;
        """,
    ];

    public static IReadOnlyList<string> SqliteDown { get; } =
    [
        "DROP TRIGGER IF EXISTS findings_search_update;",
        "DROP TRIGGER IF EXISTS findings_search_delete;",
        "DROP TRIGGER IF EXISTS findings_search_insert;",
        "DROP TABLE IF EXISTS findings_search;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_update;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_delete;",
        "DROP TRIGGER IF EXISTS indicator_rows_search_insert;",
        "DROP TABLE IF EXISTS indicator_rows_search;",
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
