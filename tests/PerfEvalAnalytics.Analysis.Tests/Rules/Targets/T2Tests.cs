using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T2Tests
{
    private static readonly TargetBelowPriorActual Rule = new(new TargetBelowPriorActual.Settings());

    private static FormBuilder Form(int year, string target, string actual, string unit = "示例单位") =>
        FormBuilder.Department(year).Unit(unit).Level1("产出指标", 25)
            .Row("数量指标", "巡查次数", target, actual, 1m, 1m);

    [Fact]
    public void Evaluate_TargetBelowLastYearsActual_ReturnsMediumRowFinding()
    {
        var prior = Form(2023, "≥50次", "80次").Build();
        var current = Form(2024, "≥60次", "82次").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, prior, current), "T2", Severity.Medium, 20);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(60, finding.Evidence["target"], 6);
        Assert.Equal(80, finding.Evidence["priorActual"], 6);
        Assert.Equal(76, finding.Evidence["limit"], 6);
        Assert.Contains("上年（2023）全年完成值 80次", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TargetWithinToleranceOfLastYearsActual_NoFinding()
    {
        // 80 × 0.95 = 76: a target of 76 is not below the allowance.
        var prior = Form(2023, "≥50次", "80次").Build();
        var current = Form(2024, "≥76次", "82次").Build();

        Assert.Empty(RuleAssert.Run(Rule, prior, current));
    }

    [Fact]
    public void Evaluate_ReverseTargetLooserThanLastYearsActual_ReturnsFinding()
    {
        var prior = Form(2023, "≤10天", "5天").Build();
        var current = Form(2024, "≤8天", "6天").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, prior, current), "T2", Severity.Medium, 20);

        Assert.Equal(5.25, finding.Evidence["limit"], 6);
    }

    [Fact]
    public void Evaluate_ReverseRowWhosePriorActualWasZero_IsExcluded()
    {
        var prior = Form(2023, "<0.10(%)", "0.00(%)").Build();
        var current = Form(2024, "<0.10(%)", "0.00(%)").Build();

        Assert.Empty(RuleAssert.Run(Rule, prior, current));
    }

    [Fact]
    public void Evaluate_OtherUnitOrGapYear_IsNotMatched()
    {
        var prior = Form(2023, "≥50次", "80次", "甲单位").Build();
        var otherUnit = Form(2024, "≥60次", "82次", "乙单位").Build();
        var gapYear = Form(2025, "≥60次", "82次", "甲单位").Build();

        Assert.Empty(RuleAssert.Run(Rule, prior, otherUnit, gapYear));
    }
}
