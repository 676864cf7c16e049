using PerfEvalAnalytics.Analysis.Rules.Explanation;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

public sealed class E2Tests
{
    private static readonly LowExecutionUnexplained Rule = new(new LowExecutionUnexplained.Settings());

    [Fact]
    public void Evaluate_LowRateWithNoExplanationAnywhere_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 1000m, 850m, 85.00m, group: "资金来源")
            .Goals("完成全年工作", "已完成全年各项工作")
            .Row("数量指标", "培训人数", "≥100(人)", "100(人)", 1m, 1m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E2", Severity.Medium, 7);

        Assert.Equal(0.85, finding.Evidence["executionRate"], 6);
        Assert.Equal(0.90, finding.Evidence["threshold"], 6);
        Assert.Contains("85.00%", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RateAtThreshold_NoFinding()
    {
        var form = FormBuilder.Department().Budget("财政拨款", 1000m, 900m, 90.00m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_AchievedGoalTextExplainsTheBudget_NoFinding()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 1000m, 850m, 85.00m)
            .Goals("完成全年工作", "因两个项目延期至次年实施，部分资金未能支付，执行率偏低")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ExplanationOnBudgetExecutionRow_NoFinding()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 1000m, 850m, 85.00m)
            .Level1("投入管理指标", 30m)
            .Row("预算执行管理", null, null, null, 10.2m, 9m, "年底集中采购未结算")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_GoalTextMentionsBudgetWithoutCause_StillFlagged()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 1000m, 850m, 85.00m)
            .Goals("完成全年工作", "全年预算执行良好")
            .Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "E2", Severity.Medium, 7);
    }

    [Fact]
    public void Evaluate_ZeroBudget_IsExcluded()
    {
        var form = FormBuilder.Department().Budget("其他资金", 0m, 0m, 0.00m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Constructor_InvalidPattern_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new LowExecutionUnexplained(new LowExecutionUnexplained.Settings(CauseTerms: "因(")));

        Assert.Contains("CauseTerms", ex.Message, StringComparison.Ordinal);
    }
}
