using PerfEvalAnalytics.Analysis.Rules.Scoring;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

public sealed class C4Tests
{
    private static readonly OverAchievementUnadjusted Rule = new(new OverAchievementUnadjusted.Settings());

    [Fact]
    public void Evaluate_SixfoldOvershootAtFullScoreUnexplained_ReturnsHighFinding()
    {
        // The reference form's line 26: 40 件/人/年 without operator, 240 reported, full marks, no explanation.
        var form = FormBuilder.Department()
            .Row("数量指标", "社区专职巡管案件上报量", "40.00(件/人/年)", "240.00(件/人/年)", 0.50m, 0.50m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C4", Severity.High, 20);

        Assert.Equal(6.0, finding.Evidence["q"], 6);
        Assert.Equal(1.3, finding.Evidence["threshold"], 6);
        Assert.Equal(1.0, finding.Evidence["fullMarks"], 6);
        Assert.Equal(0.0, finding.Evidence["explained"], 6);
        Assert.Contains("调减分值", finding.Message, StringComparison.Ordinal);
        Assert.Contains("设定偏低", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ModerateOvershootUnexplained_ReturnsMedium()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "150(人)", 1m, 1m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "C4", Severity.Medium, 20);
    }

    [Fact]
    public void Evaluate_LargeOvershootExplainedButFullScore_ReturnsMedium()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "300(人)", 1m, 1m, "因区里临时增加培训任务，参训人数大幅增加").Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C4", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["explained"], 6);
    }

    [Fact]
    public void Evaluate_OvershootJustBelowThreshold_NoFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "129(人)", 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_OvershootExplainedAndScoreReduced_NoFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "300(人)", 1m, 0.8m, "年初指标值设定偏低，已按偏离度调减分值").Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("30(个)", true)]
    [InlineData("29(个)", false)]
    public void Evaluate_ZeroCountTarget_FlagsFromThirty(string actual, bool flagged)
    {
        var form = FormBuilder.Department().Row("数量指标", "新增点位数", "≥0(个)", actual, 1m, 1m).Build();

        var findings = RuleAssert.Run(Rule, form);

        if (flagged)
        {
            var finding = RuleAssert.Single(findings, "C4", Severity.High, 20);
            Assert.False(finding.Evidence.ContainsKey("q"));
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    [Fact]
    public void Evaluate_EqualZeroTargetExceeded_IsAMissNotAnOvershoot()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "重大事故发生数", "=0.00(起)", "40.00(起)", 2m, 2m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
