using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S2Tests
{
    private static readonly BlockPointsMismatch Rule = new(new BlockPointsMismatch.Settings());

    [Fact]
    public void Evaluate_BlockPointsShortOfWeight_ReturnsHighFindingAtBlockLabel()
    {
        var form = FormBuilder.Department()
            .Level1("投入管理指标", 30m).Row("预算编审管理", null, null, null, 30m, 30m)
            .Level1("产出指标", 25m).MetRows(48, 0.5m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S2", Severity.High, 21);

        Assert.Equal(24.0, finding.Evidence["sum"], 6);
        Assert.Equal(25.0, finding.Evidence["weight"], 6);
        Assert.Equal(-1.0, finding.Evidence["difference"], 6);
        Assert.Equal(48.0, finding.Evidence["rows"], 6);
        Assert.Contains("产出指标", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BlockPointsWithinTolerance_NoFinding()
    {
        var form = FormBuilder.Department()
            .Level1("产出指标", 25m).MetRows(49, 0.5m).Row("质量指标", "合格率", "=100%", "100%", 0.51m, 0.51m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_BlockPointsJustOutsideTolerance_ReturnsFinding()
    {
        var form = FormBuilder.Department()
            .Level1("产出指标", 25m).MetRows(49, 0.5m).Row("质量指标", "合格率", "=100%", "100%", 0.52m, 0.52m)
            .Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "S2", Severity.High, 20);
    }

    [Fact]
    public void Evaluate_BlockWithoutStatedWeight_IsExcluded()
    {
        var form = FormBuilder.Project()
            .Level1("产出指标", null).MetRows(3, 7m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
