using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q7Tests
{
    private static readonly MissingComparisonOperator Rule = new();

    [Fact]
    public void Evaluate_NumberWithoutOperator_ReturnsLowFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "社区专职巡管案件上报量", "40.00(件/人/年)", "240.00(件/人/年)", 0.5m, 0.5m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q7", Severity.Low, 20);

        Assert.Equal(40.0, finding.Evidence["targetValue"]);
        Assert.Equal(240.0, finding.Evidence["actualValue"]);
    }

    [Fact]
    public void Evaluate_PercentWithoutOperator_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("质量指标", "验收合格率", "95%", "96%", 1m, 1m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "Q7", Severity.Low, 20);
    }

    [Theory]
    [InlineData("=12.00(人)")]
    [InlineData("≥85%")]
    [InlineData("<0.10(%)")]
    public void Evaluate_NearMissWithOperator_NoFinding(string target)
    {
        var form = FormBuilder.Department().Row("数量指标", "某指标", target, "12.00(人)", 0.5m, 0.5m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("同比下降10%")] // the direction is in the words
    [InlineData("及时")]
    [InlineData("9个居委67小区")]
    public void Evaluate_NonQuantitativeTarget_IsExcluded(string target)
    {
        var form = FormBuilder.Department().Row("社会效益指标", "某指标", target, "达成指标", 2m, 2m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
