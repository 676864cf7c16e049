using System.Globalization;

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
        var s = Labels.Key(text);
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
}
