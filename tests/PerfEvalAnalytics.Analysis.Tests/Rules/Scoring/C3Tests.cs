using PerfEvalAnalytics.Analysis.Rules.Scoring;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

public sealed class C3Tests
{
    private static readonly QualitativeScoreOutOfBand Rule = new(new QualitativeScoreOutOfBand.Settings());

    [Fact]
    public void Evaluate_PartlyAchievedScoredAboveItsBand_ReturnsHighFindingWithBand()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "社会秩序改善情况", "改善", "部分达成", 10m, 9m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C3", Severity.High, 20);

        Assert.Equal(6.0, finding.Evidence["bandLow"], 6);
        Assert.Equal(8.0, finding.Evidence["bandHigh"], 6);
        Assert.Equal(9.0, finding.Evidence["score"], 6);
        Assert.Contains("[6.00, 8.00)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AchievedScoredBelowItsBand_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "群众安全意识提升性", "提升", "达成指标", 10m, 7.98m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "C3", Severity.High, 20);
    }

    [Theory]
    [InlineData("达成指标", 7.99)] // 0.8w − ε
    [InlineData("部分达成", 8.00)] // the open edge 0.8w, within ε
    [InlineData("未达成", 6.00)]
    [InlineData("部分达成", 5.99)]
    public void Evaluate_ScoreWithinToleranceOfBandEdge_NoFinding(string actual, decimal score)
    {
        var form = FormBuilder.Department().Row("社会效益指标", "社会秩序改善情况", "改善", actual, 10m, score).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_NotAchievedAtSixtyPercentPlusEpsilon_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "社会秩序改善情况", "改善", "未达成", 10m, 6.01m).Build();

        RuleAssert.Single(RuleAssert.Run(Rule, form), "C3", Severity.High, 20);
    }

    [Fact]
    public void Evaluate_QuantitativeOrUnrecognisedActual_IsExcluded()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "培训人数", "≥100(人)", "90(人)", 10m, 2m)
            .Row("社会效益指标", "社会秩序改善情况", "改善", "有所改善", 10m, 2m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Constructor_PartlyEdgeAboveAchievedEdge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new QualitativeScoreOutOfBand(new QualitativeScoreOutOfBand.Settings(AchievedMin: 0.6m, PartlyMin: 0.7m)));
    }
}
