using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S3Tests
{
    private static readonly ScoreOutOfRange Rule = new(new ScoreOutOfRange.Settings());

    [Fact]
    public void Evaluate_ScoreAbovePoints_ReturnsHighRowFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", 0.50m, 0.60m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S3", Severity.High, 20);

        Assert.Equal(0.6, finding.Evidence["score"], 6);
        Assert.Equal(0.5, finding.Evidence["points"], 6);
        Assert.Equal(0.1, finding.Evidence["excess"], 6);
        Assert.Equal("培训人数", finding.Indicator);
    }

    [Fact]
    public void Evaluate_NegativeScore_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "=125.00(人)", "100.00(人)", 0.50m, -0.10m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S3", Severity.High, 20);

        Assert.Contains("为负数", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BudgetLineScoreAbovePoints_ReturnsFindingOnBudgetLine()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 105m, 105.00m, initial: 100m, points: 10m, score: 10.5m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S3", Severity.High, 7);

        Assert.Equal(0.5, finding.Evidence["excess"], 6);
    }

    [Fact]
    public void Evaluate_ScoreWithinTolerance_NoFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", 0.50m, 0.51m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_PointsBlankAndScorePositive_IsExcluded()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", null, 3m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
