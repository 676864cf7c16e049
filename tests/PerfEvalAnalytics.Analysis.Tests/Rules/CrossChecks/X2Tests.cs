using PerfEvalAnalytics.Analysis.Rules.CrossChecks;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.CrossChecks;

public sealed class X2Tests
{
    private static readonly BudgetCutToLiftExecutionRate Rule = new(new BudgetCutToLiftExecutionRate.Settings());

    [Fact]
    public void Evaluate_BudgetCutToSeventyPercentAndFullySpent_ReturnsLowFinding()
    {
        var form = FormBuilder.Project().Budget("年度资金总额", 700m, 690m, 98.57m, initial: 1000m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "X2", Severity.Low, 7);

        Assert.Equal(0.7, finding.Evidence["budgetRatio"], 6);
        Assert.Equal(690.0 / 700, finding.Evidence["executionRate"], 6);
        Assert.Equal(0.69, finding.Evidence["executionRateOnInitial"], 6);
        Assert.Equal(0.8, finding.Evidence["cutRatio"], 6);
        Assert.Contains("年初预算数 1000", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BudgetCutToExactlyEightyPercent_NoFinding()
    {
        var form = FormBuilder.Project().Budget("年度资金总额", 800m, 790m, 98.75m, initial: 1000m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_CutButRateBelowNinetyFivePercent_NoFinding()
    {
        var form = FormBuilder.Project().Budget("年度资金总额", 700m, 660m, 94.29m, initial: 1000m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_NoInitialBudget_IsSkipped()
    {
        var form = FormBuilder.Department().Budget("财政拨款", 700m, 690m, 98.57m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
