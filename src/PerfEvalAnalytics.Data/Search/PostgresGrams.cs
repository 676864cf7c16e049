using System.Text;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// PostgreSQL's free-text index since the GramVectors migration: GIN indexes over <c>perfeval_gram_vector(column)</c>,
/// a tsvector whose lexemes are the text's character bigrams and its last character, exactly as filed (built by
/// <c>array_to_tsvector</c>, so no text-search configuration parses, folds or stems anything). The same scheme as
/// SQLite's FTS5 documents (<see cref="SearchTerms.Document"/>): one character is a prefix query (a lexeme starting
/// with it: a bigram, or the last character), two characters are one lexeme, more are all of their bigrams plus an
/// exact check (<see cref="SearchTerms.NeedsRecheck"/>). Characters are code points, as PostgreSQL counts them.
/// </summary>
/// <remarks>
/// The first version (<see cref="SearchSql.PostgresUp"/>) indexed every character and every bigram as a text[]
/// element: about 110 keys per explanation, compared under the database collation. GIN upkeep was most of what
/// PostgreSQL ingest cost: inserting the 155,573 indicator rows of 10,376 generated forms took 8.0 s of server CPU
/// with that index and 0.5 s without it. Bigram lexemes halve the keys and compare as bytes: 4.3 s, index 20 MB
/// instead of 41 MB (integer keys for the old grams took 6.2 s).
/// </remarks>
public static class PostgresGrams
{
    /// <summary>The index function's name.</summary>
    public const string Function = "perfeval_gram_vector";

    /// <summary>
    /// The function: IMMUTABLE so it can be indexed, STRICT so a null text has no lexemes. One PL/pgSQL loop filling
    /// the array in place (an element assignment does not copy the array; <c>a := a || x</c> did).
    /// </summary>
    public const string CreateFunction = """
        CREATE OR REPLACE FUNCTION perfeval_gram_vector(t text) RETURNS tsvector
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        DECLARE
          chars text[] := string_to_array(t, NULL);
          n int := coalesce(cardinality(chars), 0);
          grams text[] := '{}';
        BEGIN
          FOR i IN 1 .. n - 1 LOOP
            grams[i] := chars[i] || chars[i + 1];
          END LOOP;
          IF n > 0 THEN
            grams[n] := chars[n];
          END IF;
          RETURN array_to_tsvector(grams);
        END
        $$;
        """;

    private static readonly string[] Indexes =
    [
        """CREATE INDEX ix_indicator_rows_explanation_grams ON indicator_rows USING gin (perfeval_gram_vector("Explanation"));""",
        """CREATE INDEX ix_findings_message_grams ON findings USING gin (perfeval_gram_vector("Message"));""",
        """CREATE INDEX ix_findings_indicator_grams ON findings USING gin (perfeval_gram_vector("Indicator"));""",
    ];

    private static readonly string[] DropIndexes =
    [
        "DROP INDEX IF EXISTS ix_findings_indicator_grams;",
        "DROP INDEX IF EXISTS ix_findings_message_grams;",
        "DROP INDEX IF EXISTS ix_indicator_rows_explanation_grams;",
    ];

    /// <summary>The indexes' CREATE statements (also for tools that load a store with the indexes dropped).</summary>
    public static IReadOnlyList<string> CreateIndexes => Indexes;

    /// <summary>The indexes' DROP statements.</summary>
    public static IReadOnlyList<string> DropIndexStatements => DropIndexes;

    /// <summary>From the text[] gram indexes to the tsvector ones.</summary>
    public static IReadOnlyList<string> Up { get; } =
    [
        .. DropIndexes,
        CreateFunction,
        .. Indexes,
        "DROP FUNCTION IF EXISTS perfeval_grams(text);",
    ];

    /// <summary>Back to the text[] gram indexes of <see cref="SearchSql.PostgresUp"/>.</summary>
    public static IReadOnlyList<string> Down { get; } =
    [
        .. DropIndexes,
        "DROP FUNCTION IF EXISTS perfeval_gram_vector(text);",
        .. SearchSql.PostgresUp,
    ];

    /// <summary>
    /// The tsquery (as text, to cast with <c>::tsquery</c>) a row's vector must match for the row to possibly contain
    /// <paramref name="query"/>: a prefix query on the character for one character, else all distinct bigrams.
    /// </summary>
    public static string Query(string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        var chars = query.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (chars.Count == 1)
        {
            return Lexeme(chars[0]) + ":*";
        }

        return string.Join(" & ", Enumerable.Range(0, chars.Count - 1)
            .Select(i => chars[i] + chars[i + 1])
            .Distinct(StringComparer.Ordinal)
            .Select(Lexeme));
    }

    /// <summary>A quoted tsquery lexeme: quotes doubled, backslashes escaped, so any character is taken literally.</summary>
    private static string Lexeme(string text)
    {
        var sb = new StringBuilder(text.Length + 4).Append('\'');
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\'' => "''",
                '\\' => "\\\\",
                _ => c.ToString(),
            });
        }

        return sb.Append('\'').ToString();
    }
}
