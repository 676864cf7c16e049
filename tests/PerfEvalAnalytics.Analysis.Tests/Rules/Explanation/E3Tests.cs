using PerfEvalAnalytics.Analysis.Rules.Explanation;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

public sealed class E3Tests
{
    private static readonly InsufficientExplanation Rule = new(new InsufficientExplanation.Settings());

    [Fact]
    public void Evaluate_ShortExplanationOnMissedRow_ReturnsMediumFindingWithEvidence()
    {
        // The reference form's line 34: 12 Chinese characters, a cause term (根据), no action term.
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.49m, "根据实际需求配置设备数量")
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E3", Severity.Medium, 20);

        Assert.Equal(12.0, finding.Evidence["length"], 6);
        Assert.Equal(1.0, finding.Evidence["hasCause"], 6);
        Assert.Equal(0.0, finding.Evidence["hasAction"], 6);
        Assert.Equal(0.0, finding.Evidence["stockPhrase"], 6);
        Assert.Contains("仅 12 个汉字", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StockPhraseWithoutCauseOrAction_ReturnsFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "80(人)", 10m, 8m, "已按计划完成，达到预期，效果良好，各项工作均顺利推进中")
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "E3", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["stockPhrase"], 6);
        Assert.Equal(0.0, finding.Evidence["hasCause"], 6);
    }

    [Theory]
    [InlineData("因需求减少少配置设备共五十七部", false)] // 15 characters and a cause: enough
    [InlineData("因需求减少少配置设备五十七部", true)] // 14 characters
    public void Evaluate_LengthAtMinimum_FlagsOnlyBelowIt(string explanation, bool flagged)
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "PDA通信服务设备租赁数", "=331.00(部)", "274.00(部)", 0.50m, 0.41m, explanation).Build();

        Assert.Equal(flagged ? 1 : 0, RuleAssert.Run(Rule, form).Count);
    }

    [Fact]
    public void Evaluate_MetRowOrBlankExplanation_IsExcluded()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "100(人)", 1m, 1m, "达到预期")
            .Row("数量指标", "巡查次数", "≥100(次)", "80(次)", 1m, 0.8m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
