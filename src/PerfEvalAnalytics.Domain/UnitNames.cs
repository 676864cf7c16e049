using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Domain;

/// <summary>Identity of a unit (单位) across files and years.</summary>
public static partial class UnitNames
{
    /// <summary>
    /// The key under which the same unit filed in different years is one unit: NFKC-normalised (full-width
    /// letters, digits and brackets become half-width) with all white space removed.
    /// </summary>
    /// <remarks>Only these exact variants are merged; near-misses (typos, renamed units) are not guessed at.</remarks>
    public static string Normalize(string name)
    {
        var folded = Nfkc.Fold(name);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The district (区/县/旗, with the province or city before it) a unit's name starts with:
    /// 上海市闵行区虹桥镇城市运行管理中心 → 上海市闵行区; 示例区城市管理局 → 示例区; null when the name names none
    /// (a city-level or provincial unit, or a name without a place).
    /// </summary>
    /// <remarks>Read from the name only: units are not filed with a district code.</remarks>
    public static string? District(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = DistrictPattern().Match(Normalize(name));
        return match.Success ? match.Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^(\p{IsCJKUnifiedIdeographs}{2,6}?(省|自治区))?(\p{IsCJKUnifiedIdeographs}{2,6}?(市|州|盟))?\p{IsCJKUnifiedIdeographs}{1,6}?(区|县|旗)(?!域|划|级)")]
    private static partial System.Text.RegularExpressions.Regex DistrictPattern();
}
