using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q4Tests
{
    private static readonly QualitativeActualForQuantitativeTarget Rule =
        new(new QualitativeActualForQuantitativeTarget.Settings());

    [Fact]
    public void Evaluate_PercentTargetAnsweredWithGrade_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Level1("满意度指标", 10m)
            .Row("服务对象满意度指标", "群众满意度", "≥85%", "达成指标", 10m, 10m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q4", Severity.Medium, 20);

        Assert.Equal(85.0, finding.Evidence["targetValue"]);
        Assert.Equal(10.0, finding.Evidence["score"]);
    }

    [Theory]
    [InlineData("同比下降10%")]
    [InlineData("9个居委67小区")]
    [InlineData("0起")]
    public void Evaluate_ChangeOrNumberInTextAnsweredWithGrade_ReturnsFinding(string target)
    {
        var form = FormBuilder.Department().Row("社会效益指标", "某指标", target, "达成指标", 2m, 2m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "Q4", Severity.Medium, 20);
    }

    [Theory]
    [InlineData("≥85%", "达成率较高")] // not a grade phrase: some text, judged elsewhere
    [InlineData("≥85%", "88%")] // a number: fine
    public void Evaluate_ActualIsNotAGradePhrase_NoFinding(string target, string actual)
    {
        var form = FormBuilder.Department().Row("服务对象满意度指标", "群众满意度", target, actual, 10m, 10m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("下降")]
    [InlineData("及时")]
    [InlineData("15:01:00")] // time-like: Q2
    public void Evaluate_QualitativeOrTimeLikeTarget_IsExcluded(string target)
    {
        var form = FormBuilder.Department().Row("质量指标", "某指标", target, "达成指标", 0.5m, 0.5m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_OtherWithDigitsSwitchedOff_TextTargetPasses()
    {
        var rule = new QualitativeActualForQuantitativeTarget(
            new QualitativeActualForQuantitativeTarget.Settings(OtherWithDigits: false));
        var form = FormBuilder.Department().Row("社会效益指标", "联合整治居委小区覆盖数", "9个居委67小区", "达成指标", 2m, 2m)
            .Build();

        Assert.Empty(RuleAssert.Run(rule, form));
    }
}
