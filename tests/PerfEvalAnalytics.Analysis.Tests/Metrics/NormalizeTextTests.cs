using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>The comparison folding's fast paths (ASCII, CJK ideographs) keep exactly what the general rule keeps:
/// NFKC, then letters and digits (not format characters) in lower case.</summary>
public sealed class NormalizeTextTests
{
    private static string Reference(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    [Fact]
    public void NormalizeText_EveryCharacterOfTheBasicPlane_AsTheGeneralRule()
    {
        var differing = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var text = ((char)c).ToString();
            if (char.IsSurrogate((char)c) || IsRefused(text))
            {
                continue;
            }

            if (Indicators.NormalizeText(text) != Reference(text))
            {
                differing.Add($"U+{c:X4}");
            }
        }

        Assert.Empty(differing);
    }

    [Theory]
    [InlineData("因疫情影响，ABC 项目延期至2025年完成。", "因疫情影响abc项目延期至2025年完成")]
    [InlineData("受（Ｅｘｃｅｌ）公式影响", "受excel公式影响")]
    public void NormalizeText_FiledExplanations_FoldsToLettersAndDigits(string filed, string folded) =>
        Assert.Equal(folded, Indicators.NormalizeText(filed));

    private static bool IsRefused(string text)
    {
        try
        {
            _ = text.Normalize(NormalizationForm.FormKC);
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
