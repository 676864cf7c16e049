using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S4Tests
{
    private static readonly TotalScoreMismatch Rule = new(new TotalScoreMismatch.Settings());

    private static FormBuilder TwoRows() => FormBuilder.Department()
        .Level1("产出指标", 100m)
        .Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", 60m, 60m)
        .Row("数量指标", "设备数", "=331.00(部)", "330.00(部)", 40m, 39.95m, "按需配置");

    [Fact]
    public void Evaluate_TotalScoreOffBeyondTolerance_ReturnsHighFindingOnTotalLine()
    {
        var form = TwoRows().Totals(100m, 99.90m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S4", Severity.High, 23);

        Assert.Equal(99.90, finding.Evidence["totalScore"], 6);
        Assert.Equal(99.95, finding.Evidence["sumScore"], 6);
        Assert.Equal(-0.05, finding.Evidence["scoreDifference"], 6);
        Assert.DoesNotContain("totalPoints", finding.Evidence.Keys);
    }

    [Fact]
    public void Evaluate_TotalPointsOff_ReturnsFindingWithPointsEvidence()
    {
        var form = TwoRows().Totals(90m, 99.95m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S4", Severity.High, 23);

        Assert.Equal(90.0, finding.Evidence["totalPoints"], 6);
        Assert.Equal(100.0, finding.Evidence["sumPoints"], 6);
        Assert.Contains("总分分值", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TotalScoreWithinRoundingDrift_NoFinding()
    {
        var form = TwoRows().Totals(100m, 99.97m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ProjectTotalIncludingBudgetScore_NoFinding()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 10m, score: 9.5m)
            .Level1("产出指标", 90m).Row("数量指标", "建设数量", "≥5个", "5个", 90m, 90m)
            .Totals(100m, 99.5m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_TotalsBlank_IsExcluded()
    {
        var form = TwoRows().Totals(null, null).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
