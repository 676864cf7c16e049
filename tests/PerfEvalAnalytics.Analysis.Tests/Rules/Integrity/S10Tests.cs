using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S10Tests
{
    private static readonly QualitativeActualNotGraded Rule = new(new QualitativeActualNotGraded.Settings());

    private static IReadOnlyList<Finding> Run(string target, string? actual, QualitativeActualNotGraded? rule = null) =>
        RuleAssert.Run(rule ?? Rule,
            FormBuilder.Department().Row("时效指标", "拆违工作完成及时性", target, actual, 1m, 1m).Build());

    [Fact]
    public void Evaluate_FreeTextActual_ReturnsMediumFinding()
    {
        var finding = RuleAssert.Single(Run("及时", "按时完成拆违任务"), "S10", Severity.Medium, 20);

        Assert.Equal(0.0, finding.Evidence["actualBlank"], 6);
        Assert.Equal(1.0, finding.Evidence["points"], 6);
        Assert.Contains("按时完成拆违任务", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BlankActual_ReturnsFindingUnlessSwitchedOff()
    {
        var finding = RuleAssert.Single(Run("及时", null), "S10", Severity.Medium, 20);

        Assert.Equal(1.0, finding.Evidence["actualBlank"], 6);
        Assert.Empty(Run("及时", null, new QualitativeActualNotGraded(new QualitativeActualNotGraded.Settings(FlagBlank: false))));
    }

    [Theory]
    [InlineData("达成指标")]
    [InlineData("达成年度指标")]
    [InlineData("部分达成年度指标并具有一定效果")]
    [InlineData("未达成年度指标且效果较差")]
    public void Evaluate_ActualIsOneOfTheBands_NoFinding(string actual)
    {
        Assert.Empty(Run("及时", actual));
    }

    [Theory]
    [InlineData("9个居委67小区", "9个居委")] // not a qualitative target (ValueKind.Other)
    [InlineData("=100.00(%)", "100.00(%)")]
    public void Evaluate_TargetNotQualitative_IsExcluded(string target, string actual)
    {
        Assert.Empty(Run(target, actual));
    }

    [Theory]
    [InlineData("及时", "及时")]
    [InlineData("健全", "健 全")]
    public void Evaluate_ActualRestatesTheTarget_NoFinding(string target, string actual)
    {
        var form = FormBuilder.Department().Row("时效指标", "费用结算及时性", target, actual, 5m, 5m).Build();

        Assert.Empty(RuleAssert.Run(new QualitativeActualNotGraded(new QualitativeActualNotGraded.Settings()), form));
    }
}
