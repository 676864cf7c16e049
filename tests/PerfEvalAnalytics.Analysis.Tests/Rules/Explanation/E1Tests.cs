using PerfEvalAnalytics.Analysis.Rules.Explanation;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

public sealed class E1Tests
{
    private static readonly MissingDeviationExplanation Rule = new(new MissingDeviationExplanation.Settings());

    [Fact]
    public void Evaluate_QuantitativeMissBelowNinetyPercentUnexplained_ReturnsHighFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "80(人)", 10m, 8m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E1", Severity.High, 20);

        Assert.Equal(0.8, finding.Evidence["q"], 6);
        Assert.Equal(1.0, finding.Evidence["missed"], 6);
        Assert.Contains("偏差及原因分析为空", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("无")]
    [InlineData("/")]
    [InlineData("无偏差")]
    public void Evaluate_PlaceholderExplanation_CountsAsBlank(string placeholder)
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "80(人)", 10m, 8m, placeholder).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E1", Severity.High, 20);

        Assert.Contains(placeholder, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissAtNinetyPercent_ReturnsMedium()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "90(人)", 10m, 9m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "E1", Severity.Medium, 20);
    }

    [Fact]
    public void Evaluate_QualitativeMissOrScoreBelowPoints_ReturnsMedium()
    {
        var form = FormBuilder.Department()
            .Row("社会效益指标", "社会秩序改善情况", "改善", "部分达成", 3m, 2m)
            .Row("预算执行管理", null, null, null, 10.2m, 9m)
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal([20, 21], findings.Select(f => f.Line!.Value));
        Assert.All(findings, f => Assert.Equal(Severity.Medium, f.Severity));
        Assert.Contains("未填年度指标值和全年完成值", findings[1].Message, StringComparison.Ordinal);
        Assert.Contains("得分低于分值", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissWithExplanation_NoFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.49m, "根据实际需求配置设备数量")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_MetRowOneCentBelowPoints_IsWithinToleranceAndExcluded()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", 0.50m, 0.49m)
            .Row("质量指标", "设备事故率", "<0.10(%)", "0.00(%)", 0.50m, 0.50m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
