using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>Parses amounts, rates, 分值 and 得分 as filed: thousands separators, full-width digits, a trailing %.</summary>
public static class NumberParser
{
    // Cells that mean "nothing here" on these forms.
    private static readonly HashSet<string> Placeholders = ["—", "-", "－", "--", "——", "/", "／", "无", "—%"];

    /// <summary>
    /// Parses <paramref name="text"/>. Returns true with null for a blank cell or a placeholder dash, true with a
    /// value for a number, false when the cell holds something else.
    /// </summary>
    public static bool TryParse(string? text, out decimal? value)
    {
        value = null;
        var s = Normalize(text);
        if (s.Length == 0 || Placeholders.Contains(s))
        {
            return true;
        }

        if (s.EndsWith('%'))
        {
            s = s[..^1].TrimEnd();
        }

        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint
                | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var v))
        {
            value = v;
            return true;
        }

        return false;
    }

    /// <summary>NFKC (full-width digits, ％, ，) and white space removed.</summary>
    internal static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
