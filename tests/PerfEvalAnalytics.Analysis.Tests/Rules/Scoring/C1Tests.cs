using PerfEvalAnalytics.Analysis.Rules.Scoring;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

public sealed class C1Tests
{
    private static readonly QuantitativeScoreMismatch Rule = new(new QuantitativeScoreMismatch.Settings());

    [Fact]
    public void Evaluate_EqualTargetMissedAndScoreAboveRatio_ReturnsHighFindingWithExpectedScore()
    {
        // The reference form's line 34: =331 部, 274 部 delivered, 0.49 of 0.50 where 0.50 × 274/331 = 0.41.
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.49m, "根据实际需求配置设备数量")
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C1", Severity.High, 20);

        Assert.Equal(0.5 * 274 / 331, finding.Evidence["expected"], 6);
        Assert.Equal(0.49 - (0.5 * 274 / 331), finding.Evidence["difference"], 6);
        Assert.Equal(0.01, finding.Evidence["tolerance"], 6);
        Assert.Contains("应得 0.41", finding.Message, StringComparison.Ordinal);
        Assert.Contains("0.50 × 274.00/331.00", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScoreBelowRatio_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "90(人)", 10m, 8m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C1", Severity.Medium, 20);

        Assert.Equal(9.0, finding.Evidence["expected"], 6);
    }

    [Theory]
    [InlineData(9.05)] // |9.05 − 9| = 0.05 = 0.005 × 10: just inside the relative tolerance
    [InlineData(8.95)]
    public void Evaluate_DifferenceJustInsideRelativeTolerance_NoFinding(decimal score)
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "90(人)", 10m, score).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_DifferenceJustOutsideRelativeTolerance_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥100(人)", "90(人)", 10m, 9.06m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "C1", Severity.High, 20);
    }

    [Fact]
    public void Evaluate_ScoreRoundedOrTruncatedToTwoDecimals_NoFinding()
    {
        // 0.50 × 274/331 = 0.4139: 0.41 is the rounded (and truncated) score.
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.41m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ReverseMissedScoredByRatio_PassesUnderRatioAndFailsUnderLinear()
    {
        // ≤90 万元 with 100 spent: ratio formula 10 × 90/100 = 9.00; linear 10 × (1 − 10/90) = 8.89.
        var form = FormBuilder.Department().Row("成本指标", "运维成本", "≤90(万元)", "100(万元)", 10m, 9m).Build();
        var linear = new QuantitativeScoreMismatch(new QuantitativeScoreMismatch.Settings(
            PerfEvalAnalytics.Analysis.Metrics.ReverseFormula.Linear));

        Assert.Empty(RuleAssert.Run(Rule, form));
        var finding = RuleAssert.Single(RuleAssert.Run(linear, form), "C1", Severity.High, 20);
        Assert.Equal(10 * (1 - (10.0 / 90)), finding.Evidence["expected"], 6);
    }

    [Fact]
    public void Evaluate_EqualZeroTargetExceededAtFullScore_ExpectsZero()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "重大事故发生数", "=0.00(起)", "2.00(起)", 2m, 2m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C1", Severity.High, 20);

        Assert.Equal(0.0, finding.Evidence["expected"], 6);
    }

    [Fact]
    public void Evaluate_MetTargetsAndQualitativeRows_AreExcluded()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "社区专职巡管案件上报量", "40.00(件/人/年)", "240.00(件/人/年)", 0.5m, 0.5m)
            .Row("质量指标", "设备事故率", "<0.10(%)", "0.00(%)", 0.5m, 0.5m)
            .Row("时效指标", "拆违工作完成及时性", "及时", "部分达成", 1m, 1m)
            .Row("数量指标", "单位不一致", "≥100(人)", "90(个)", 1m, 1m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Constructor_NegativeTolerance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new QuantitativeScoreMismatch(new QuantitativeScoreMismatch.Settings(Tolerance: -0.01m)));
    }
}
