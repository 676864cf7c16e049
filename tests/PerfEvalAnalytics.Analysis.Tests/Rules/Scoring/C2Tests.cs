using PerfEvalAnalytics.Analysis.Rules.Scoring;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

public sealed class C2Tests
{
    private static readonly FullMarksDespiteMiss Rule = new(new FullMarksDespiteMiss.Settings());

    [Fact]
    public void Evaluate_QuantitativeMissWithFullMarks_ReturnsHighFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.50m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C2", Severity.High, 20);

        Assert.Equal(331.0, finding.Evidence["T"], 6);
        Assert.Equal(274.0, finding.Evidence["X"], 6);
        Assert.Equal(274.0 / 331, finding.Evidence["q"], 6);
        Assert.Equal(0.5, finding.Evidence["score"], 6);
    }

    [Fact]
    public void Evaluate_QualitativePartlyAchievedWithFullMarks_ReturnsHighFinding()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "社会秩序改善情况", "改善", "部分达成", 3m, 3m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C2", Severity.High, 20);

        Assert.Equal(3.0, finding.Evidence["points"], 6);
    }

    [Fact]
    public void Evaluate_MissMarkedDownByOneCent_NoFinding()
    {
        // 0.49 of 0.50 is not full marks (C1 judges whether the mark-down is enough).
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.49m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_MetTargetsWithFullMarks_NoFinding()
    {
        var form = FormBuilder.Department()
            .Row("质量指标", "设备事故率", "<0.10(%)", "0.00(%)", 0.5m, 0.5m)
            .Row("数量指标", "街面网格巡查案件上报量", "240(件/人/年)", "240.00(件/人/年)", 0.5m, 0.5m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_QualitativeExcludedBySetting_NoFinding()
    {
        var rule = new FullMarksDespiteMiss(new FullMarksDespiteMiss.Settings(IncludeQualitative: false));
        var form = FormBuilder.Department().Row("社会效益指标", "社会秩序改善情况", "改善", "部分达成", 3m, 3m).Build();

        Assert.Empty(RuleAssert.Run(rule, form));
    }
}
