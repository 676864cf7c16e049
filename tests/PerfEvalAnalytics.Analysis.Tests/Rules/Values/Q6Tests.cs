using PerfEvalAnalytics.Analysis.Rules.Values;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q6Tests
{
    private const string Remark = "根据沪财绩【2022】13号文的规定要求设置三级指标和指标值";

    private static readonly FullMarksWithoutValues Rule = new();

    [Fact]
    public void Evaluate_FullMarksWithoutTargetOrActual_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Level1("投入管理指标", 30m).Row("预算执行管理", null, null, null, 10.2m, 10.2m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q6", Severity.Medium, 20);

        Assert.Equal(10.2, finding.Evidence["points"], 9);
        Assert.Equal(10.2, finding.Evidence["score"], 9);
        Assert.DoesNotContain("备注", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RemarkOnBlockFirstLine_IsQuotedOnEveryRowOfTheBlock()
    {
        var form = FormBuilder.Department().Level1("投入管理指标", 30m)
            .Row("预算编审管理", null, null, null, 7.5m, 7.5m)
            .Row("预算执行管理", null, null, null, 10.2m, 10.2m)
            .Note(NoteKind.Remark, Remark, 20)
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal([20, 21], findings.Select(f => f.Line ?? 0));
        Assert.All(findings, f => Assert.Contains(Remark, f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_NearMissOneCentShort_NoFinding()
    {
        var form = FormBuilder.Department().Level1("投入管理指标", 30m).Row("预算执行管理", null, null, null, 10.2m, 10.19m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("=100.00(%)", null)] // a target: something to check against
    [InlineData(null, "达成指标")]
    public void Evaluate_TargetOrActualPresent_IsExcluded(string? target, string? actual)
    {
        var form = FormBuilder.Department().Row("质量指标", "验收合格率", target, actual, 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ZeroPoints_IsExcluded()
    {
        var form = FormBuilder.Department().Row("预算执行管理", null, null, null, 0m, 0m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
