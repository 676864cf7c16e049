using PerfEvalAnalytics.Analysis.Rules.Integrity;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S6Tests
{
    private static readonly ExecutionScoreMismatch Rule = new(new ExecutionScoreMismatch.Settings());

    private static EvaluationForm Project(decimal annual, decimal executed, decimal points, decimal score) =>
        FormBuilder.Project()
            .Budget("年度资金总额", annual, executed, annual == 0m ? 0m : Math.Round(executed / annual * 100m, 2),
                initial: annual, points: points, score: score)
            .Build();

    [Fact]
    public void Evaluate_FullScoreDespite90PercentExecution_ReturnsHighFinding()
    {
        var form = Project(100m, 90m, 10m, 10m);

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S6", Severity.High, 7);

        Assert.Equal(9.0, finding.Evidence["expectedScore"], 6);
        Assert.Equal(10.0, finding.Evidence["score"], 6);
        Assert.Equal(0.9, finding.Evidence["rate"], 6);
        Assert.Equal(1.0, finding.Evidence["difference"], 6);
    }

    [Theory]
    [InlineData(6.66)] // 10 × 2/3 truncated
    [InlineData(6.67)] // rounded
    public void Evaluate_ScoreRoundedOrTruncated_NoFinding(decimal score)
    {
        Assert.Empty(RuleAssert.Run(Rule, Project(3m, 2m, 10m, score)));
    }

    [Theory]
    [InlineData(287, 171, 6)] // 59.58% of 10 filed as a whole number, rounded (鄂州 2019 form)
    [InlineData(65.66, 65.07, 9)] // 99.10% of 10 filed as 9: truncated (稷山 2020 form)
    public void Evaluate_WholeNumberScoreRoundedOrTruncated_NoFinding(decimal annual, decimal executed, decimal score)
    {
        Assert.Empty(RuleAssert.Run(Rule, Project(annual, executed, 10m, score)));
    }

    [Fact]
    public void Evaluate_WholeNumberScoreRoundedUp_ReturnsFinding()
    {
        // 10 × 91% = 9.1 filed as 10: neither rounding nor truncation gives 10.
        RuleAssert.Single(RuleAssert.Run(Rule, Project(100m, 91m, 10m, 10m)), "S6", Severity.High, 7);
    }

    [Fact]
    public void Evaluate_ScoreJustOutsideTolerance_ReturnsFinding()
    {
        // 10 × 2/3 = 6.6667: 6.65 is 0.0167 off, beyond ε = 0.01.
        RuleAssert.Single(RuleAssert.Run(Rule, Project(3m, 2m, 10m, 6.65m)), "S6", Severity.High, 7);
    }

    [Fact]
    public void Evaluate_OverspentWithFullScore_IsCappedAndPasses()
    {
        Assert.Empty(RuleAssert.Run(Rule, Project(100m, 110m, 10m, 10m)));
    }

    [Fact]
    public void Evaluate_OverspentUncappedSetting_ExpectsScoreAbovePoints()
    {
        var rule = new ExecutionScoreMismatch(new ExecutionScoreMismatch.Settings(CapAtFull: false));

        var finding = RuleAssert.Single(RuleAssert.Run(rule, Project(100m, 110m, 10m, 10m)), "S6", Severity.High, 7);

        Assert.Equal(11.0, finding.Evidence["expectedScore"], 6);
    }

    [Fact]
    public void Evaluate_LinesWithoutScoreOrBudget_AreExcluded()
    {
        var department = FormBuilder.Department().Budget("财政拨款", 100m, 50m, 50.00m).Build();

        Assert.Empty(RuleAssert.Run(Rule, department));
        Assert.Empty(RuleAssert.Run(Rule, Project(0m, 0m, 10m, 0m)));
    }
}
