using PerfEvalAnalytics.Analysis.Rules.CrossChecks;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.CrossChecks;

public sealed class X1Tests
{
    private static readonly OutputsAchievedWithoutSpending Rule = new(new OutputsAchievedWithoutSpending.Settings());

    /// <summary>
    /// 全年预算数 1,000 with <paramref name="executed"/> spent; <paramref name="met"/> 产出 rows at full marks, then
    /// <paramref name="missed"/> rows at 80 of ≥100 with 80% of their 分值.
    /// </summary>
    private static EvaluationForm Form(decimal executed, int met, int missed, string level1 = "产出指标")
    {
        var builder = FormBuilder.Department().Budget("财政拨款", 1000m, executed, executed / 10m)
            .Level1(level1, 25).MetRows(met, 2m);
        for (var i = 0; i < missed; i++)
        {
            builder.Row("数量指标", $"建设数{i}", "≥100(个)", "80(个)", 2m, 1.6m, "进度滞后");
        }

        return builder.Build();
    }

    [Fact]
    public void Evaluate_HalfSpentAllOutputsFullMarks_ReturnsMediumFindingOnBudgetLine()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Form(500m, met: 10, missed: 0)), "X1", Severity.Medium, 7);

        Assert.Equal(0.5, finding.Evidence["executionRate"], 6);
        Assert.Equal(10, finding.Evidence["outputRows"]);
        Assert.Equal(1.0, finding.Evidence["fullMarksShare"], 6);
        Assert.Equal(0.6, finding.Evidence["lowExecutionRate"], 6);
        Assert.Contains("50%", finding.Message, StringComparison.Ordinal);
        Assert.Contains("产出指标 10 行中 10 行得分等于分值", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NinetyPercentFullMarks_ReturnsFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Form(590m, met: 9, missed: 1)), "X1", Severity.Medium, 7);

        Assert.Equal(0.9, finding.Evidence["fullMarksShare"], 6);
    }

    [Fact]
    public void Evaluate_RateExactlySixtyPercent_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(600m, met: 10, missed: 0)));
    }

    [Fact]
    public void Evaluate_FullMarksShareJustBelowNinetyPercent_NoFinding()
    {
        // 8 of 9 rows = 88.9% < 90%.
        Assert.Empty(RuleAssert.Run(Rule, Form(300m, met: 8, missed: 1)));
    }

    [Fact]
    public void Evaluate_AllSpentMostOutputsMissed_ReturnsMirrorFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Form(1000m, met: 4, missed: 6)), "X1", Severity.Medium, 7);

        Assert.Equal(6, finding.Evidence["missedRows"]);
        Assert.Equal(0.6, finding.Evidence["missedShare"], 6);
        Assert.Equal(0.99, finding.Evidence["highExecutionRate"], 6);
        Assert.Contains("全年完成值未达年度指标值", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AllSpentExactlyHalfMissed_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(1000m, met: 5, missed: 5)));
    }

    [Fact]
    public void Evaluate_FullMarksOutsideOutputBlock_AreNotCounted()
    {
        // Only 效益指标 rows: nothing to compare with the money.
        Assert.Empty(RuleAssert.Run(Rule, Form(100m, met: 10, missed: 0, level1: "效益指标")));
    }

    [Fact]
    public void Evaluate_TooFewOutputRowsOrNoBudget_NoFinding()
    {
        var noBudget = FormBuilder.Department().Level1("产出指标", 25).MetRows(10, 2m).Build();

        Assert.Empty(RuleAssert.Run(Rule, Form(100m, met: 2, missed: 0), noBudget));
    }
}
