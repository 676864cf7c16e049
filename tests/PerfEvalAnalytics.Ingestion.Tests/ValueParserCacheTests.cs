using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>The parser's kept values are per process: these tests clear them and run apart from the others, which
/// parse (and keep) values meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ValueParserCacheGroup
{
    public const string Name = "value parser cache";
}

[Collection(ValueParserCacheGroup.Name)]
public class ValueParserCacheTests
{
    [Fact]
    public void Parse_ShortValueSeenBefore_IsTheKeptResult()
    {
        ValueParser.ClearCache();
        var first = ValueParser.Parse(" ≧ 97.5(%) ");
        var again = ValueParser.Parse("≧ 97.5(%)");

        Assert.Same(first, again);
        Assert.Equal(new ParsedValue("≧ 97.5(%)", ComparisonOperator.GreaterOrEqual, 97.5m, "%", ValueKind.Percent), again);
    }

    [Fact]
    public void Parse_LongValue_IsParsedEachTime()
    {
        var text = "=1,234,567.89(平方米的城市道路与背街小巷及公共绿地的日常保洁面积)";

        var first = ValueParser.Parse(text);

        Assert.NotSame(first, ValueParser.Parse(text));
        Assert.Equal(1234567.89m, first.Value);
        Assert.Equal("平方米的城市道路与背街小巷及公共绿地的日常保洁面积", first.Unit);
    }

    [Fact]
    public void Parse_MoreDistinctValuesThanKept_AllParseRight()
    {
        ValueParser.ClearCache();
        // More than the values kept: those after the limit are parsed each time, and right.
        for (var i = 0; i < 20_000; i++)
        {
            var parsed = ValueParser.Parse($"≥{i}(件)");
            Assert.Equal(i, parsed.Value);
            Assert.Equal(ComparisonOperator.GreaterOrEqual, parsed.Op);
            Assert.Equal("件", parsed.Unit);
        }
    }

    [Fact]
    public void ClearCache_ForgetsTheKeptValues()
    {
        ValueParser.ClearCache();
        var kept = ValueParser.Parse("≥96.5%");
        Assert.Same(kept, ValueParser.Parse("≥96.5%"));
        ValueParser.ClearCache();

        var again = ValueParser.Parse("≥96.5%");

        Assert.NotSame(kept, again);
        Assert.Equal(kept, again);
    }
}
