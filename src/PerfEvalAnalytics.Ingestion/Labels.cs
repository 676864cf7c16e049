using System.Text;

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
