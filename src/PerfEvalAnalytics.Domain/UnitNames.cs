using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Domain;

/// <summary>Identity of a unit (单位) across files and years.</summary>
public static class UnitNames
{
    /// <summary>
    /// The key under which the same unit filed in different years is one unit: NFKC-normalised (full-width
    /// letters, digits and brackets become half-width) with all white space removed.
    /// </summary>
    /// <remarks>Only these exact variants are merged; near-misses (typos, renamed units) are not guessed at.</remarks>
    public static string Normalize(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC);
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
}
