using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S5Tests
{
    private static readonly ExecutionRateMismatch Rule = new(new ExecutionRateMismatch.Settings());

    [Fact]
    public void Evaluate_RateOffByMoreThanFiledPrecision_ReturnsHighFindingWithEvidence()
    {
        var form = FormBuilder.Department().Budget("财政拨款", 1000m, 900m, 92.00m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S5", Severity.High, 7);

        Assert.Equal(90.0, finding.Evidence["computedRate"], 6);
        Assert.Equal(92.0, finding.Evidence["reportedRate"], 6);
        Assert.Contains("92.00%", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(98.87)] // truncated, as the reference form does (98.8755…)
    [InlineData(98.88)] // rounded
    public void Evaluate_TruncatedOrRoundedToTwoDecimals_NoFinding(decimal reported)
    {
        var form = FormBuilder.Department().Budget("财政拨款", 56506067.93m, 55870696.30m, reported).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_NearMissJustOneStepOff_ReturnsFinding()
    {
        // 98.8755% filed as 98.86: one hundredth below the truncation, which neither convention gives.
        var form = FormBuilder.Department().Budget("财政拨款", 56506067.93m, 55870696.30m, 98.86m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "S5", Severity.High, 7);
    }

    [Fact]
    public void Evaluate_ZeroBudget_IsExcluded()
    {
        var form = FormBuilder.Department().Budget("其他资金", 0m, 0m, 0.00m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
