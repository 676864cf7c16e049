
namespace PerfEvalAnalytics.Ingestion.Tests;

public class NumberParserTests
{
    [Theory]
    [InlineData("56,506,067.93", "56506067.93")]
    [InlineData("0.50", "0.50")]
    [InlineData("102.59%", "102.59")]
    [InlineData(" 98.87 ", "98.87")]
    [InlineData("１００", "100")]
    public void TryParse_Number_ReturnsValueWithFiledScale(string text, string expected)
    {
        Assert.True(NumberParser.TryParse(text, out var value));
        var e = decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(e, value);
        // The scale as filed survives (0.50 stays 0.50), so output reproduces the form.
        Assert.Equal(e.ToString(System.Globalization.CultureInfo.InvariantCulture),
            value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("—")]
    [InlineData("-")]
    [InlineData("/")]
    public void TryParse_BlankOrPlaceholder_ReturnsNull(string text)
    {
        Assert.True(NumberParser.TryParse(text, out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0.4g")]
    [InlineData("零点五")]
    public void TryParse_Text_Fails(string text) => Assert.False(NumberParser.TryParse(text, out _));
}
