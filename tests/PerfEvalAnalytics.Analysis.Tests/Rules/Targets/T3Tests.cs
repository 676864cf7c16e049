using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T3Tests
{
    private static readonly TargetNotRaisedAfterOverachievement Rule =
        new(new TargetNotRaisedAfterOverachievement.Settings());

    private static FormBuilder Form(int year, string target, string actual) =>
        FormBuilder.Department(year).Level1("产出指标", 25).Row("数量指标", "培训场次", target, actual, 1m, 1m);

    [Fact]
    public void Evaluate_SameTargetAfterOverachievement_ReturnsLowFinding()
    {
        var prior = Form(2023, "≥50次", "60次").Build();
        var current = Form(2024, "≥50次", "61次").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, prior, current), "T3", Severity.Low, 20);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(1.2, finding.Evidence["priorRatio"], 6);
        Assert.Equal(1, finding.Evidence["consecutiveYears"]);
    }

    [Fact]
    public void Evaluate_RepeatedForTwoConsecutiveYears_EscalatesToMedium()
    {
        var forms = new[]
        {
            Form(2022, "≥50次", "70次").Build(), Form(2023, "≥50次", "70次").Build(),
            Form(2024, "≥50次", "70次").Build(),
        };

        var findings = RuleAssert.Run(Rule, forms).OrderBy(f => f.Form.Year).ToList();

        Assert.Equal(2, findings.Count);
        Assert.Equal((2023, Severity.Low), (findings[0].Form.Year, findings[0].Severity));
        Assert.Equal((2024, Severity.Medium), (findings[1].Form.Year, findings[1].Severity));
        Assert.Equal(2, findings[1].Evidence["consecutiveYears"]);
    }

    [Fact]
    public void Evaluate_PriorRatioJustBelowThreshold_NoFinding()
    {
        var prior = Form(2023, "≥50次", "59次").Build();
        var current = Form(2024, "≥50次", "61次").Build();

        Assert.Empty(RuleAssert.Run(Rule, prior, current));
    }

    [Fact]
    public void Evaluate_TargetRaised_NoFinding()
    {
        var prior = Form(2023, "≥50次", "70次").Build();
        var current = Form(2024, "≥55次", "70次").Build();

        Assert.Empty(RuleAssert.Run(Rule, prior, current));
    }
}
