using System.Text;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>The load order's text comparison must be the database's: the order of the UTF-8 bytes.</summary>
public sealed class CodePointOrderTests
{
    [Fact]
    public void Compare_OrdersAsUtf8Bytes_WhereOrdinalDiffers()
    {
        string[] texts = ["甲\U00020000", "甲\uE000", "甲\uFFFD", "甲乙", "甲", "甲\U0010FFFF", "甲A", string.Empty, "乙"];
        var byBytes = texts.OrderBy(t => Encoding.UTF8.GetBytes(t), Comparer<byte[]>.Create(
            (a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();

        Assert.Equal(byBytes, texts.Order(CodePointOrder.Instance));
        // Where .NET's ordinal order differs: a surrogate pair before U+E000–U+FFFF.
        Assert.True(string.CompareOrdinal("甲\U00020000", "甲\uE000") < 0);
        Assert.True(CodePointOrder.Instance.Compare("甲\U00020000", "甲\uE000") > 0);
        Assert.Equal(0, CodePointOrder.Instance.Compare("甲乙", "甲乙"));
    }
}
