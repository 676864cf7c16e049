using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// The n-grams behind free-text search. Chinese has no spaces between words and the queries that matter are short
/// (原因, 疫情), so texts are indexed by character bigrams, which answer any substring query exactly: one character is
/// "a bigram starting with it, or the last character"; two characters are one bigram; three or more are consecutive
/// bigrams (SQLite FTS5 phrase) or all of its bigrams plus an exact check (PostgreSQL GIN).
/// </summary>
/// <remarks>
/// Compared exactly (no case folding), as <c>string.Contains</c> and the providers' <c>instr</c>/<c>strpos</c> compare:
/// the index finds what the plain substring filter found, faster. SQLite's tokens are UTF-16 code units (document and
/// query are both made here); PostgreSQL's grams are code points, as PostgreSQL counts characters.
/// </remarks>
public static class SearchTerms
{
    /// <summary>
    /// SQLite FTS5 document for <paramref name="text"/>: each bigram, then the last character, as a token of hex
    /// digits (4 per character) separated by spaces, so FTS5's ascii tokenizer neither splits on punctuation nor
    /// folds case. Null for null or empty text.
    /// </summary>
    public static string? Document(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return string.Create(DocumentLength(text.Length), text, static (span, t) => WriteDocument(t, span));
    }

    /// <summary>The length of <paramref name="length"/> characters' document: n - 1 bigrams of 8 digits, the last
    /// character (4 digits), n - 1 spaces.</summary>
    internal static int DocumentLength(int length) => checked((length * 9) - 5);

    /// <summary>
    /// Writes the document of a non-empty <paramref name="text"/> into <paramref name="document"/>
    /// (<see cref="DocumentLength"/> long), in place: every indexed row computes this, and per-character
    /// ToString("x4") was most of its cost (0.79 s against 0.23 s for the explanations of 10,000 generated forms).
    /// </summary>
    internal static void WriteDocument(ReadOnlySpan<char> text, Span<char> document)
    {
        var k = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0)
            {
                document[k++] = ' ';
            }

            k = Hex(document, k, text[i]);
            if (i + 1 < text.Length)
            {
                k = Hex(document, k, text[i + 1]);
            }
        }
    }

    /// <summary>
    /// The FTS5 MATCH expression finding the documents that contain <paramref name="query"/>: a prefix query for one
    /// character, one token for two, a phrase of consecutive bigrams for more.
    /// </summary>
    public static string Match(string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        var sb = new StringBuilder();
        if (query.Length == 1)
        {
            Hex(sb, query[0]);
            return sb.Append('*').ToString();
        }

        sb.Append('"');
        for (var i = 0; i + 1 < query.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            Hex(sb, query[i]);
            Hex(sb, query[i + 1]);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>True when the gram test alone may also find rows that do not contain <paramref name="query"/>.</summary>
    public static bool NeedsRecheck(string query) => query.EnumerateRunes().Count() > 2;

    private static void Hex(StringBuilder sb, char c) =>
        sb.Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    private static int Hex(Span<char> span, int at, char c)
    {
        const string Digits = "0123456789abcdef";
        span[at] = Digits[c >> 12];
        span[at + 1] = Digits[(c >> 8) & 0xf];
        span[at + 2] = Digits[(c >> 4) & 0xf];
        span[at + 3] = Digits[c & 0xf];
        return at + 4;
    }
}
