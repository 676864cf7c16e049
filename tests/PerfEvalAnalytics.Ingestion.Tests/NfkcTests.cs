using System.Text;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>The fast NFKC fold must give exactly what ICU gives, for every text.</summary>
public sealed class NfkcTests
{
    [Fact]
    public void Fold_EveryCharacterOfTheBasicPlane_AsIcu()
    {
        var differing = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var text = ((char)c).ToString();
            var icu = Outcome(() => text.Normalize(NormalizationForm.FormKC));
            if (Outcome(() => Nfkc.Fold(text)) != (icu.StartsWith("refused", StringComparison.Ordinal) ? "\uFFFD" : icu))
            {
                differing.Add($"U+{c:X4}");
            }
        }

        Assert.Empty(differing);
    }

    /// <summary>The folded text, or the exception ICU refuses a text with (the non-character U+FFFE, which the fold
    /// turns into U+FFFD instead).</summary>
    private static string Outcome(Func<string> fold)
    {
        try
        {
            return fold();
        }
        catch (ArgumentException e)
        {
            return "refused: " + e.GetType().Name;
        }
    }

    [Theory]
    [InlineData("甲单位", 0xD83D, "", "甲单位\uFFFD")] // cut after the first half of a pair
    [InlineData("", 0xDE00, "甲", "\uFFFD甲")] // the second half alone
    [InlineData("Ａ", 0xFFFE, "（", "A\uFFFD(")]
    public void Fold_TextsIcuRefuses_GetReplacementCharacters(string before, int codeUnit, string after, string expected)
    {
        Assert.Equal(expected, Nfkc.Fold(before + (char)codeUnit + after));
    }

    [Fact]
    public void CellText_HalfASurrogatePair_BecomesTheReplacementCharacter()
    {
        Assert.Equal("受疫情影响\uFFFD", ExcelGridReader.CellText("受疫情影响" + (char)0xD83D, null));
        Assert.Equal("受疫情影响\uD83D\uDE00", ExcelGridReader.CellText("受疫情影响\uD83D\uDE00", null));
    }

    [Fact]
    public void Fold_WholeSurrogatePair_Stays()
    {
        Assert.Equal("A\uD83D\uDE00", Nfkc.Fold("Ａ\uD83D\uDE00"));
    }

    [Fact]
    public void Fold_MixedTexts_AsIcu()
    {
        // Characters of the fast path side by side with ones that compose or decompose (combining acute, the
        // half-width voiced sound mark that composes with kana, compatibility ideographs, circled digits).
        char[] pool = ['a', 'Z', '1', ' ', '%', '(', '＞', '（', '）', '：', 'Ａ', '１', '\u3000', '、', '。', '《', '】',
            '执', '行', '率', '\u0301', 'e', '\u30AB', '\uFF9E', '\uFF76', '\uF900', '①', '㎡', '\u00A0', '≥', '≧', '≤', '—', '“', '×', '\u0338', '…', '℃'];
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pool[random.Next(pool.Length)]).ToArray());
            Assert.Equal(text.Normalize(NormalizationForm.FormKC), Nfkc.Fold(text));
        }
    }

    [Theory]
    [InlineData("年度指标值（A）：≥85%", "年度指标值(A):≥85%")]
    [InlineData("上海市闵行区\u3000虹桥镇", "上海市闵行区 虹桥镇")]
    [InlineData("ｅ\u0301", "é")]
    [InlineData("≥\u0338", "≱")] // a sign of the fast path composes with a mark that is not
    [InlineData("—≥85％", "—≥85%")]
    public void Fold_FiledLabels_FoldsWidthAndComposes(string filed, string folded) =>
        Assert.Equal(folded, Nfkc.Fold(filed));

    [Fact]
    public void Fold_TextAlreadyFolded_ReturnsTheSameInstance()
    {
        var text = "城市运行管理中心 2024 《绩效自评表》";
        Assert.Same(text, Nfkc.Fold(text));
    }
}
