using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S9Tests
{
    private static readonly QuantitativeUnitProblem Rule = new(new QuantitativeUnitProblem.Settings());

    private static IReadOnlyList<Finding> Run(string name, string target, string actual) =>
        RuleAssert.Run(Rule, FormBuilder.Department().Row("数量指标", name, target, actual, 1m, 1m).Build());

    [Fact]
    public void Evaluate_TargetAndActualWithoutUnit_ReturnsMediumFinding()
    {
        var finding = RuleAssert.Single(Run("建设数量", "≥50", "52"), "S9", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["missingUnit"], 6);
        Assert.Equal(50.0, finding.Evidence["target"], 6);
        Assert.Contains("计量单位", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TargetAndActualInDifferentUnits_ReturnsFinding()
    {
        var finding = RuleAssert.Single(Run("建设数量", "≥50个", "52人"), "S9", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["unitMismatch"], 6);
    }

    [Fact]
    public void Evaluate_PercentTargetAbove100_ReturnsFinding()
    {
        var finding = RuleAssert.Single(Run("验收合格率", "≥120%", "125%"), "S9", Severity.Medium, 20);

        Assert.Equal(120.0, finding.Evidence["percentAboveMax"], 6);
    }

    [Theory]
    [InlineData("验收合格率", "=100.00(%)", "100.00(%)")] // exactly 100%: the near miss
    [InlineData("收入增长率", "≥120%", "130%")] // growth rates may exceed 100%
    [InlineData("建设数量", "≥50个", "52")] // the actual leaves the unit to the target
    [InlineData("社区专职巡管案件上报量", "40.00(件/人/年)", "240.00(件/人/年)")] // no operator
    public void Evaluate_WellFormedOrExempt_NoFinding(string name, string target, string actual)
    {
        Assert.Empty(Run(name, target, actual));
    }

    [Theory]
    [InlineData("≥85%")]
    [InlineData("≥50")]
    public void Evaluate_ActualIsQualitativeGrade_IsExcluded(string target)
    {
        Assert.Empty(Run("群众满意度", target, "达成指标"));
    }
}
