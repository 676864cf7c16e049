using PerfEvalAnalytics.Analysis.Rules.CrossChecks;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.CrossChecks;

public sealed class X3Tests
{
    private static readonly ScoreUpWhileFundamentalsFall Rule = new(new ScoreUpWhileFundamentalsFall.Settings());

    private static EvaluationForm Form(int year, decimal score, decimal executed, string actual = "100(个)",
        string unit = "甲单位") =>
        FormBuilder.Department(year).Unit(unit).Budget("财政拨款", 1000m, executed, executed / 10m)
            .Row("数量指标", "建设数1", "≥100(个)", actual, 5m, 5m)
            .Row("数量指标", "建设数2", "≥100(个)", actual, 5m, 5m)
            .Row("数量指标", "建设数3", "≥100(个)", actual, 5m, 5m)
            .Totals(100m, score)
            .Build();

    [Fact]
    public void Evaluate_ScoreUpFivePointsRateDownTenPoints_ReturnsLowFindingOnLaterForm()
    {
        var findings = RuleAssert.Run(Rule, Form(2023, 90m, 950m), Form(2024, 95m, 850m));

        var finding = RuleAssert.Single(findings, "X3", Severity.Low, 24);
        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(5.0, finding.Evidence["scoreRise"], 6);
        Assert.Equal(10.0, finding.Evidence["executionRateFallPp"], 6);
        Assert.Equal(10.0, finding.Evidence["minExecutionRateFallPp"], 6);
        Assert.Contains("执行率由 95% 降至 85%", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScoreUpMedianCompletionDown_ReturnsFinding()
    {
        var findings = RuleAssert.Run(Rule, Form(2023, 88m, 950m), Form(2024, 96m, 950m, actual: "90(个)"));

        var finding = RuleAssert.Single(findings, "X3", Severity.Low, 24);
        Assert.Equal(1.0, finding.Evidence["previousMedianCompletion"], 6);
        Assert.Equal(0.9, finding.Evidence["medianCompletion"], 6);
        Assert.Contains("中位数由 1 降至 0.9", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScoreUpJustUnderFivePoints_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(2023, 90m, 950m), Form(2024, 94.99m, 800m)));
    }

    [Fact]
    public void Evaluate_RateFallJustUnderTenPoints_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(2023, 90m, 950m), Form(2024, 96m, 851m)));
    }

    [Fact]
    public void Evaluate_YearsNotConsecutiveOrOtherUnit_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(2022, 90m, 950m), Form(2024, 96m, 800m)));
        Assert.Empty(RuleAssert.Run(Rule, Form(2023, 90m, 950m), Form(2024, 96m, 800m, unit: "乙单位")));
    }

    [Fact]
    public void Evaluate_YearFiledTwice_IsLeftOut()
    {
        var twice = Form(2023, 90m, 950m) with { Source = new SourceInfo("copy.txt", "sha-copy", "utf-8") };

        Assert.Empty(RuleAssert.Run(Rule, Form(2023, 90m, 950m), twice, Form(2024, 96m, 800m)));
    }
}
