using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S8Tests
{
    private static readonly ExecutionAboveBudget Rule = new(new ExecutionAboveBudget.Settings());

    [Fact]
    public void Evaluate_DepartmentLineOverspent_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Budget("项目支出", 100m, 101m, 101.00m, "资金结构").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S8", Severity.Medium, 7);

        Assert.Equal(1.01, finding.Evidence["rate"], 6);
        Assert.Equal(1.0, finding.Evidence["excess"], 6);
    }

    [Fact]
    public void Evaluate_ProjectOverspentWithScoreAbovePoints_ReturnsHighFinding()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 105m, 105.00m, initial: 100m, points: 10m, score: 10.5m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S8", Severity.High, 7);

        Assert.Equal(10.5, finding.Evidence["fundScore"], 6);
        Assert.Contains("已超过分值", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProjectOverspentWithCappedScore_IsMedium()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 105m, 105.00m, initial: 100m, points: 10m, score: 10m)
            .Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "S8", Severity.Medium, 7);
    }

    [Fact]
    public void Evaluate_SpendingWithoutBudget_ReturnsFinding()
    {
        var form = FormBuilder.Department().Budget("其他资金", 0m, 3000m, 0.00m, "资金来源").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S8", Severity.Medium, 7);

        Assert.DoesNotContain("rate", finding.Evidence.Keys);
        Assert.Contains("全年预算数为 0", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OverspentWithinSlack_NoFinding()
    {
        var form = FormBuilder.Department().Budget("项目支出", 100m, 100.01m, 100.01m, "资金结构").Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_NothingBudgetedNothingSpent_IsExcluded()
    {
        var form = FormBuilder.Department().Budget("其他资金", 0m, 0m, 0.00m, "资金来源").Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
