using PerfEvalAnalytics.Analysis.Rules.Explanation;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

public sealed class E5Tests
{
    private static readonly ExplanationContradictsData Rule = new(new ExplanationContradictsData.Settings());

    [Fact]
    public void Evaluate_MetRowSaysNotCompleted_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "120(人)", 1m, 1m, "该项工作未完成，偏差较大").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E5", Severity.Medium, 20);

        Assert.Equal(0.0, finding.Evidence["missed"], 6);
        Assert.Contains("“未完成”", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissedRowSaysCompleted_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "80(人)", 1m, 0.8m, "本年度培训工作已完成").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E5", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["missed"], 6);
        Assert.Equal(80.0, finding.Evidence["X"], 6);
    }

    [Theory]
    [InlineData("无未完成事项，超额完成主要因需求增加")]
    [InlineData("不存在未完成情况")]
    public void Evaluate_MetRowNegatedClaim_NoFinding(string explanation)
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "120(人)", 1m, 1m, explanation).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_PlaceholderOrUnknownOutcome_IsExcluded()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "80(人)", 1m, 0.8m, "无偏差")
            .Row("社会效益指标", "社会秩序改善情况", "改善", "有所改善", 1m, 1m, "部分工作未完成")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
