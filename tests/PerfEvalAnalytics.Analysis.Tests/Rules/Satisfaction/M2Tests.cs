using PerfEvalAnalytics.Analysis.Rules.Satisfaction;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Satisfaction;

public sealed class M2Tests
{
    private static readonly SatisfactionFrozen Rule = new(new SatisfactionFrozen.Settings());

    private static FormBuilder Form(int year, string target, string actual, string unit = "示例单位") =>
        FormBuilder.Department(year).Unit(unit).Level1("满意度指标", 10)
            .Row("服务对象满意度指标", "群众满意度", target, actual, 10m, 10m);

    [Fact]
    public void Evaluate_SameActualThreeYearsRunning_ReturnsLowFindingInTheThirdYear()
    {
        var forms = Enumerable.Range(2022, 3).Select(y => Form(y, "≥90%", "98%").Build()).ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "M2", Severity.Low, 20);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(1, finding.Evidence["frozen"]);
        Assert.Equal(0, finding.Evidence["atTarget"]);
        Assert.Equal(98, finding.Evidence["actual"], 6);
    }

    [Fact]
    public void Evaluate_ActualEqualsChangingTargetEveryYear_ReturnsFinding()
    {
        var forms = new[]
        {
            Form(2022, "≥90%", "90%").Build(), Form(2023, "≥92%", "92%").Build(), Form(2024, "≥95%", "95%").Build(),
        };

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "M2", Severity.Low, 20);

        Assert.Equal(0, finding.Evidence["frozen"]);
        Assert.Equal(1, finding.Evidence["atTarget"]);
    }

    [Fact]
    public void Evaluate_OnlyTwoYearsOrOneYearDifferent_NoFinding()
    {
        var twoYears = new[] { Form(2023, "≥90%", "98%").Build(), Form(2024, "≥90%", "98%").Build() };
        var changed = new[]
        {
            Form(2022, "≥90%", "98%").Build(), Form(2023, "≥90%", "97.5%").Build(), Form(2024, "≥90%", "98%").Build(),
        };

        Assert.Empty(RuleAssert.Run(Rule, twoYears));
        Assert.Empty(RuleAssert.Run(Rule, changed));
    }

    [Fact]
    public void Evaluate_DifferentUnits_AreNotOneSeries()
    {
        var forms = new[]
        {
            Form(2022, "≥90%", "98%", "甲单位").Build(), Form(2023, "≥90%", "98%", "乙单位").Build(),
            Form(2024, "≥90%", "98%", "丙单位").Build(),
        };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }
}
