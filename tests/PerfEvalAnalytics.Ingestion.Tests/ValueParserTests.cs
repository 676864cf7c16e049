using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion.Tests;

public class ValueParserTests
{
    [Theory]
    [InlineData("=125.00(人)", ComparisonOperator.Equal, "125.00", "人", ValueKind.Numeric)]
    [InlineData("=100.00(%)", ComparisonOperator.Equal, "100.00", "%", ValueKind.Percent)]
    [InlineData("<0.10(%)", ComparisonOperator.Less, "0.10", "%", ValueKind.Percent)]
    [InlineData("≥85%", ComparisonOperator.GreaterOrEqual, "85", "%", ValueKind.Percent)]
    [InlineData("40.00(件/人/年)", ComparisonOperator.None, "40.00", "件/人/年", ValueKind.Numeric)]
    [InlineData("240(件/人/年)", ComparisonOperator.None, "240", "件/人/年", ValueKind.Numeric)]
    [InlineData("0起", ComparisonOperator.None, "0", "起", ValueKind.Numeric)]
    [InlineData("≧ 95", ComparisonOperator.GreaterOrEqual, "95", null, ValueKind.Numeric)]
    [InlineData(">=90%", ComparisonOperator.GreaterOrEqual, "90", "%", ValueKind.Percent)]
    [InlineData("≤4", ComparisonOperator.LessOrEqual, "4", null, ValueKind.Numeric)]
    [InlineData("═100", ComparisonOperator.Equal, "100", null, ValueKind.Numeric)]
    [InlineData("≦5(天)", ComparisonOperator.LessOrEqual, "5", "天", ValueKind.Numeric)]
    [InlineData("＜=3", ComparisonOperator.LessOrEqual, "3", null, ValueKind.Numeric)]
    [InlineData("＞＝90%", ComparisonOperator.GreaterOrEqual, "90", "%", ValueKind.Percent)]
    [InlineData("≥100百分比", ComparisonOperator.GreaterOrEqual, "100", "%", ValueKind.Percent)]
    [InlineData("９５％", ComparisonOperator.None, "95", "%", ValueKind.Percent)]
    [InlineData("100人次", ComparisonOperator.None, "100", "人次", ValueKind.Numeric)]
    [InlineData("1,200.5万元", ComparisonOperator.None, "1200.5", "万元", ValueKind.Numeric)]
    public void Parse_QuantitativeCell_SplitsOperatorNumberAndUnit(
        string raw, ComparisonOperator op, string value, string? unit, ValueKind kind)
    {
        var parsed = ValueParser.Parse(raw);

        Assert.Equal(new ParsedValue(raw, op, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
            unit, kind), parsed);
    }

    [Theory]
    [InlineData("同比下降10%", "-10", "%")]
    [InlineData("环比下降5%", "-5", "%")]
    [InlineData("同比上升20%", "20", "%")]
    [InlineData("较上年提高3个百分点", "3", "个百分点")]
    public void Parse_RelativeChange_IsSignedByDirection(string raw, string value, string unit)
    {
        var parsed = ValueParser.Parse(raw);

        Assert.Equal(ValueKind.RelativeChange, parsed.Kind);
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(unit, parsed.Unit);
        Assert.Equal(raw, parsed.Raw);
    }

    [Theory]
    [InlineData("15:01:00")]
    [InlineData("9月前")]
    [InlineData("2019年")]
    [InlineData("2024-06-30")]
    [InlineData("6月30日前")]
    public void Parse_TimeOrDate_IsTimeLikeWithoutNumber(string raw)
    {
        var parsed = ValueParser.Parse(raw);

        Assert.Equal(ValueKind.TimeLike, parsed.Kind);
        Assert.Null(parsed.Value);
    }

    [Theory]
    [InlineData("及时")]
    [InlineData("达成指标")]
    [InlineData("改善")]
    [InlineData("建立健全")]
    public void Parse_PhraseWithoutDigits_IsQualitative(string raw)
    {
        Assert.Equal(new ParsedValue(raw, ComparisonOperator.None, null, null, ValueKind.Qualitative),
            ValueParser.Parse(raw));
    }

    [Fact]
    public void Parse_TextMixingNumbersAndWords_IsOtherAndKeepsRaw()
    {
        var parsed = ValueParser.Parse("9个居委67小区");

        Assert.Equal(ValueKind.Other, parsed.Kind);
        Assert.Equal("9个居委67小区", parsed.Raw);
        Assert.Null(parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_Blank_IsEmpty(string? raw) => Assert.Equal(ParsedValue.Empty, ValueParser.Parse(raw));
}
