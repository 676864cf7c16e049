using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T5Tests
{
    private static readonly TooManyQualitativeIndicators Rule = new(new TooManyQualitativeIndicators.Settings());

    private static FormBuilder Output(int qualitative, int quantitative)
    {
        var b = FormBuilder.Project().Level1("产出指标", 50);
        for (var i = 0; i < qualitative; i++)
        {
            b.Row("时效指标", $"完成及时性{i + 1}", "及时", "达成指标", 5m, 5m);
        }

        for (var i = 0; i < quantitative; i++)
        {
            b.Row("数量指标", $"培训人数{i + 1}", "≥100人", "105人", 5m, 5m);
        }

        return b.Level1("效益指标", 30).Row("社会效益指标", "投诉下降率", "同比下降10%", "达成指标", 30m, 30m);
    }

    [Fact]
    public void Evaluate_MostOutputTargetsQualitative_ReturnsLowFormFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Output(3, 1).Build()), "T5", Severity.Low, null);

        Assert.Equal(4, finding.Evidence["outputRows"]);
        Assert.Equal(3, finding.Evidence["qualitativeOutputRows"]);
        Assert.Equal(0.75, finding.Evidence["qualitativeShare"], 6);
        Assert.Equal(1, finding.Evidence["measurableBenefitRows"]);
    }

    [Fact]
    public void Evaluate_HalfOfOutputTargetsQualitative_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Output(2, 2).Build()));
    }

    [Fact]
    public void Evaluate_NoMeasurableBenefitIndicator_ReturnsFinding()
    {
        var form = FormBuilder.Project().Level1("产出指标", 50).Row("数量指标", "培训人数", "≥100人", "105人", 50m, 50m)
            .Level1("效益指标", 30).Row("社会效益指标", "社会秩序改善情况", "改善", "达成指标", 20m, 20m)
            .Row("满意度指标", "群众满意度", "≥90%", "95%", 10m, 10m)
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "T5", Severity.Low, null);

        Assert.Equal(1, finding.Evidence["benefitRows"]);
        Assert.Equal(0, finding.Evidence["measurableBenefitRows"]);
    }

    [Fact]
    public void Evaluate_NoBenefitBlockAndBlankTargets_AreNotCounted()
    {
        // 投入管理 rows have no 年度指标值; a form without 效益指标 rows is T6's concern, not T5's.
        var form = FormBuilder.Department().Level1("投入管理指标", 30)
            .Row("预算执行管理", null, null, null, 10m, 10m)
            .Level1("产出指标", 25).Row("数量指标", "培训人数", "≥100人", "105人", 25m, 25m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
