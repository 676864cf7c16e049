namespace PerfEvalAnalytics.Data;

/// <summary>
/// Strings in Unicode code point order: the order of their UTF-8 bytes, which is how SQLite's BINARY and
/// PostgreSQL's "C" collations order text. .NET's ordinal order compares UTF-16 code units instead, and puts a
/// character beyond U+FFFF (a surrogate pair, D800–DFFF) before U+E000–U+FFFF; here it comes after, as in the
/// database, so forms loaded whole and forms loaded in slices cut by the database come in one order.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static CodePointOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fixed(a).CompareTo(Fixed(b));
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary>A code unit moved so that surrogates (D800–DFFF) sort above U+E000–U+FFFF and those two ranges keep
    /// their own order: the UTF-16 code point order fix-up.</summary>
    private static int Fixed(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
