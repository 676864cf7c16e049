using System.Buffers;
using System.Buffers.Binary;
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

    /// <summary>The current indexes' CREATE statements (for tools that load a store with the indexes dropped).</summary>
    public static IReadOnlyList<string> CreateIndexes => [RowsIndex, .. Indexes.Skip(1)];

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
    /// Since the StoredGramVectors migration: indicator_rows keeps each explanation's vector in this column, and the
    /// GIN index is on the column. The COPY writer computes the vectors on the client (<see cref="VectorBinary"/>), so
    /// the server runs no PL/pgSQL per row: that function was about 3 s of the server's 6-7 s for the indicator rows
    /// of 10,000 forms. Every other writer (EF inserts, updates of the explanation) is covered by triggers that compute
    /// the column with <see cref="Function"/> when the writer did not.
    /// </summary>
    public const string RowsColumn = "ExplanationGrams";

    /// <summary>The indexed vector of a searched column: the stored one for explanations, else the function's.</summary>
    public static string VectorOf(string column) =>
        column == "Explanation" ? $"\"{RowsColumn}\"" : $"{Function}(\"{column}\")";

    /// <summary>The explanation search's index, over <see cref="RowsColumn"/>.</summary>
    private const string RowsIndex =
        """CREATE INDEX ix_indicator_rows_explanation_grams ON indicator_rows USING gin ("ExplanationGrams");""";

    /// <summary>
    /// From the expression index on indicator_rows to a stored vector column (filled from the stored rows) and an
    /// index on it; the findings' expression indexes stay (a few thousand findings per analysis run).
    /// </summary>
    public static IReadOnlyList<string> StoredUp { get; } =
    [
        "DROP INDEX IF EXISTS ix_indicator_rows_explanation_grams;",
        """ALTER TABLE indicator_rows ADD COLUMN "ExplanationGrams" tsvector;""",
        """UPDATE indicator_rows SET "ExplanationGrams" = perfeval_gram_vector("Explanation") WHERE "Explanation" IS NOT NULL;""",
        // A BEFORE trigger whose WHEN is false costs nothing measurable per row (0.88 s of server CPU for the rows of
        // 10,000 forms with it and without it); the function runs only for rows a writer left without a vector.
        """
        CREATE OR REPLACE FUNCTION perfeval_explanation_grams() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW."ExplanationGrams" := perfeval_gram_vector(NEW."Explanation");
          RETURN NEW;
        END
        $$;
        """,
        """
        CREATE TRIGGER indicator_rows_grams_insert BEFORE INSERT ON indicator_rows FOR EACH ROW
        WHEN (NEW."ExplanationGrams" IS NULL AND NEW."Explanation" IS NOT NULL)
        EXECUTE FUNCTION perfeval_explanation_grams();
        """,
        """
        CREATE TRIGGER indicator_rows_grams_update BEFORE UPDATE ON indicator_rows FOR EACH ROW
        WHEN (NEW."Explanation" IS DISTINCT FROM OLD."Explanation" OR NEW."ExplanationGrams" IS DISTINCT FROM OLD."ExplanationGrams")
        EXECUTE FUNCTION perfeval_explanation_grams();
        """,
        RowsIndex,
    ];

    /// <summary>Back to the expression index of <see cref="Up"/>.</summary>
    public static IReadOnlyList<string> StoredDown { get; } =
    [
        "DROP INDEX IF EXISTS ix_indicator_rows_explanation_grams;",
        "DROP TRIGGER IF EXISTS indicator_rows_grams_update ON indicator_rows;",
        "DROP TRIGGER IF EXISTS indicator_rows_grams_insert ON indicator_rows;",
        "DROP FUNCTION IF EXISTS perfeval_explanation_grams();",
        """ALTER TABLE indicator_rows DROP COLUMN IF EXISTS "ExplanationGrams";""",
        Indexes[0],
    ];

    /// <summary>
    /// <c>perfeval_gram_vector(text)</c> computed here, as tsvector's binary wire format (what <c>tsvector_send</c>
    /// writes and binary COPY reads): the count of lexemes, then each lexeme's UTF-8 bytes, a NUL and its number of
    /// positions (none). Lexemes are the text's bigrams of code points and its last code point, distinct, sorted as
    /// PostgreSQL keeps them (bytewise, a prefix first), so the server stores them as they come. A test compares the
    /// result with the server function's for awkward texts.
    /// </summary>
    /// <remarks>
    /// A lexeme is at most two code points, so at most 8 UTF-8 bytes: each is packed big-endian into a ulong, zero
    /// padded (text holds no NUL byte), so that sorting and comparing the numbers sorts and compares the lexemes as
    /// PostgreSQL does, without a string per lexeme.
    /// </remarks>
    public static byte[] VectorBinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runes = ArrayPool<uint>.Shared.Rent(text.Length);
        var keys = ArrayPool<ulong>.Shared.Rent(text.Length);
        try
        {
            var n = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                runes[n++] = Utf8(rune);
            }

            for (var i = 0; i < n; i++)
            {
                keys[i] = i + 1 < n ? Pack(runes[i], runes[i + 1]) : Pack(runes[i], 0);
            }

            var sorted = keys.AsSpan(0, n);
            sorted.Sort();
            var distinct = 0;
            var size = 4;
            for (var k = 0; k < n; k++)
            {
                if (k == 0 || sorted[k] != sorted[distinct - 1])
                {
                    sorted[distinct++] = sorted[k];
                    size += Length(sorted[k]) + 3;
                }
            }

            var result = new byte[size];
            BinaryPrimitives.WriteInt32BigEndian(result, distinct);
            var at = 4;
            foreach (var key in sorted[..distinct])
            {
                for (var b = 56; b >= 0 && ((key >> b) & 0xFF) != 0; b -= 8)
                {
                    result[at++] = (byte)((key >> b) & 0xFF);
                }

                at += 3; // the NUL and a zero count of positions: the array is zeroed already
            }

            return result;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(runes);
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>A code point's UTF-8 bytes, big-endian in the low bytes of a uint (1 to 4 bytes).</summary>
    private static uint Utf8(Rune rune)
    {
        Span<byte> bytes = stackalloc byte[4];
        var length = rune.EncodeToUtf8(bytes);
        var value = 0u;
        for (var i = 0; i < length; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    /// <summary>Two code points' UTF-8 bytes (the second may be none), left-aligned in a ulong.</summary>
    private static ulong Pack(uint first, uint second)
    {
        var key = (ulong)first;
        var bits = ByteCount(first) * 8;
        if (second != 0)
        {
            key = (key << (ByteCount(second) * 8)) | second;
            bits += ByteCount(second) * 8;
        }

        return key << (64 - bits);
    }

    private static int ByteCount(uint utf8) => utf8 > 0xFFFFFF ? 4 : utf8 > 0xFFFF ? 3 : utf8 > 0xFF ? 2 : 1;

    private static int Length(ulong key) => 8 - (System.Numerics.BitOperations.TrailingZeroCount(key) / 8);

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
