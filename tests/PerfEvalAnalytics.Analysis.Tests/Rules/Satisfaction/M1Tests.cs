using PerfEvalAnalytics.Analysis.Rules.Satisfaction;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Satisfaction;

public sealed class M1Tests
{
    private static readonly SatisfactionWithoutSurveyBasis Rule = new(new SatisfactionWithoutSurveyBasis.Settings());

    private static FormBuilder Satisfaction(string target, string actual, string? explanation = null,
        string name = "群众满意度") =>
        FormBuilder.Department().Level1("满意度指标", 10)
            .Row("服务对象满意度指标", name, target, actual, 10m, 10m, explanation);

    [Fact]
    public void Evaluate_PercentTargetButNoMeasuredActual_ReturnsMediumRowFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Satisfaction("≥85%", "达成指标").Build()), "M1",
            Severity.Medium, 20);

        Assert.Equal(85, finding.Evidence["targetValue"], 6);
        Assert.Contains("≥85%", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HundredPercentWithoutSurveyKeyword_ReturnsFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Satisfaction("≥90%", "100%").Build()), "M1",
            Severity.Medium, 20);

        Assert.Equal(100, finding.Evidence["actual"], 6);
        Assert.Equal(99, finding.Evidence["ceilingPercent"], 6);
    }

    [Fact]
    public void Evaluate_ActualJustBelowCeiling_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Satisfaction("≥90%", "98.9%").Build()));
    }

    [Fact]
    public void Evaluate_SurveyDescribedInExplanation_IsExcluded()
    {
        var form = Satisfaction("≥90%", "99.5%", "发放问卷200份，回收有效问卷196份").Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_NonSatisfactionRowAtHundredPercent_IsExcluded()
    {
        var form = FormBuilder.Department().Level1("产出指标", 25)
            .Row("质量指标", "验收合格率", "=100.00(%)", "100.00(%)", 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
