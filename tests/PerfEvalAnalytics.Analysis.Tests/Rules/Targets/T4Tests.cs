using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T4Tests
{
    private static readonly TriviallyAchievableTargets Rule = new(new TriviallyAchievableTargets.Settings());

    private static FormBuilder Output(int year = 2024) => FormBuilder.Department(year).Level1("产出指标", 25);

    [Fact]
    public void Evaluate_CountTargetOfOneBeatenTenfold_ReturnsLowRowFinding()
    {
        var form = Output().Row("数量指标", "宣传活动次数", "≥1次", "12次", 1m, 1m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "T4", Severity.Low, 20);

        Assert.Equal(1, finding.Evidence["target"], 6);
        Assert.Equal(12, finding.Evidence["actual"], 6);
        Assert.Equal(10, finding.Evidence["countMultiple"], 6);
    }

    [Fact]
    public void Evaluate_CountTargetBeatenLessThanTenfold_NoFinding()
    {
        var form = Output().Row("数量指标", "宣传活动次数", "≥1次", "9次", 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ZeroOrReverseOrPercentTargets_AreExcluded()
    {
        var form = Output()
            .Row("质量指标", "事故数", "=0.00(起)", "0.00(起)", 1m, 1m)
            .Row("质量指标", "投诉次数", "≤1次", "0次", 1m, 1m)
            .Row("质量指标", "差错率", "≥1%", "20%", 1m, 1m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_LowSatisfactionTargetWithHighActual_ReturnsLowRowFinding()
    {
        var form = FormBuilder.Department().Level1("满意度指标", 10)
            .Row("服务对象满意度指标", "群众满意度", "≥80%", "96%", 10m, 10m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "T4", Severity.Low, 20);

        Assert.Equal(80, finding.Evidence["target"], 6);
        Assert.Equal(96, finding.Evidence["actual"], 6);
    }

    [Fact]
    public void Evaluate_SatisfactionTargetJustAboveLimit_NoFinding()
    {
        var form = FormBuilder.Department().Level1("满意度指标", 10)
            .Row("服务对象满意度指标", "群众满意度", "≥81%", "96%", 10m, 10m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_HundredPercentRateHitThreeYearsRunning_ReturnsOneFormFindingInTheThirdYear()
    {
        var forms = Enumerable.Range(2022, 3).Select(y => Output(y).MetRows(3, 1m).Build()).ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "T4", Severity.Low, null);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(3, finding.Evidence["indicators"]);
        Assert.Equal(2022, finding.Evidence["firstYear"]);
    }

    [Fact]
    public void Evaluate_HundredPercentRateHitTwoYearsOrWithAGap_NoFinding()
    {
        var forms = new[] { Output(2021).MetRows(3, 1m).Build(), Output(2023).MetRows(3, 1m).Build(),
            Output(2024).MetRows(3, 1m).Build() };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }
}
