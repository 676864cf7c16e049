using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q1Tests
{
    private static readonly DuplicateIndicator Rule = new();

    [Fact]
    public void Evaluate_SameNameTwice_ReturnsMediumFindingAtRepeatNamingFirstLine()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "机动执法队人员到岗数", "=12.00(人)", "12.00(人)", 0.5m, 0.5m)
            .Row("数量指标", "整治拆违项目数", "=300.00(个)", "300.00(个)", 0.5m, 0.5m)
            .Row("数量指标", "机动执法队人员到岗数", "=12.00(人)", "12.00(人)", 0.75m, 0.75m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q1", Severity.Medium, 22);

        Assert.Equal(20, finding.Evidence["firstLine"]);
        Assert.Equal(0.5, finding.Evidence["firstPoints"]);
        Assert.Equal(0.75, finding.Evidence["points"]);
        Assert.Contains("第20行", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NamesDifferOnlyInWidthAndSpacing_StillARepeat()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "331.00(部)", 0.5m, 0.5m)
            .Row("数量指标", "ＰＤＡ 通信服务设备租赁数", "=331.00(部)", "331.00(部)", 0.5m, 0.5m)
            .Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "Q1", Severity.Medium, 21);
    }

    [Fact]
    public void Evaluate_NearMissOneCharacterApart_NoFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "社工站人员到岗数", "=18.00(人)", "18.00(人)", 0.5m, 0.5m)
            .Row("数量指标", "社工站人员到岗率", "=100.00(%)", "100.00(%)", 0.5m, 0.5m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_RowsWithoutLevel3Name_AreNotCompared()
    {
        var form = FormBuilder.Department().Level1("投入管理指标", 30m)
            .Row("预算执行管理", null, null, null, 5m, 5m)
            .Row("预算执行管理", null, null, null, 5m, 5m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ThreeTimes_OneFindingPerRepeat()
    {
        var form = FormBuilder.Department()
            .Row("质量指标", "服务验收合格率", "=100.00(%)", "100.00(%)", 0.5m, 0.5m)
            .Row("质量指标", "服务验收合格率", "=100.00(%)", "100.00(%)", 0.5m, 0.5m)
            .Row("质量指标", "服务验收合格率", "=100.00(%)", "100.00(%)", 0.5m, 0.5m)
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal([21, 22], findings.Select(f => f.Line ?? 0));
        Assert.All(findings, f => Assert.Equal(20, f.Evidence["firstLine"]));
    }
}
