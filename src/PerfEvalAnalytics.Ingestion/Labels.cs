using System.Text;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>Label matching: forms put line breaks, spaces and full-width forms inside labels (绩 效 指 标).</summary>
internal static class Labels
{
    /// <summary>NFKC-folded with all white space removed: the form in which labels are compared.</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = Nfkc.Fold(text);
        if (!HasWhiteSpace(folded))
        {
            return folded; // most labels: no copy
        }

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

    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Removes white space that stands for a line break inside a Chinese cell: a run of spaces between two CJK
    /// characters (上海市普陀区体育 事业管理中心 → 上海市普陀区体育事业管理中心). Spaces next to Latin letters or digits
    /// are kept, as is everything else.
    /// </summary>
    public static string JoinBreaks(string text)
    {
        var s = text.Trim();
        if (!HasWhiteSpace(s))
        {
            return s; // most names: no copy
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsWhiteSpace(s[i]) && sb.Length > 0 && IsCjk(sb[^1]))
            {
                var j = i;
                while (j < s.Length && char.IsWhiteSpace(s[j]))
                {
                    j++;
                }

                if (j < s.Length && IsCjk(s[j]))
                {
                    i = j - 1;
                    continue;
                }
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }

    /// <summary>CJK ideographs and the full-width punctuation written between them.</summary>
    private static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3000' and <= '\u303F')
            or (>= '\uFF01' and <= '\uFF0F') or (>= '\uFF1A' and <= '\uFF20');
}
