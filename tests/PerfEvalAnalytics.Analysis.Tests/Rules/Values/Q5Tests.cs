using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q5Tests
{
    private const string Planned =
        "积极推进城市运行“一网统管”建设和应急指挥中心建设，全面提升社会治理科学化、精细化、智能化水平，确保群众呼声得到及时响应。";

    private static readonly GoalsCopied Rule = new(new GoalsCopied.Settings());

    [Fact]
    public void Evaluate_AchievedIdenticalToPlanned_ReturnsMediumFindingAtGoalsLine()
    {
        var form = FormBuilder.Department().Goals(Planned, Planned).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q5", Severity.Medium, 12);

        Assert.Equal(1.0, finding.Evidence["similarity"], 9);
        Assert.Equal(finding.Evidence["plannedLength"], finding.Evidence["achievedLength"]);
        Assert.Contains("逐字相同", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OnlyPunctuationChanged_StillCopied()
    {
        var form = FormBuilder.Department().Goals(Planned, Planned.Replace("，", "、", StringComparison.Ordinal)).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q5", Severity.Medium, 12);

        Assert.Equal(1.0, finding.Evidence["similarity"], 9);
    }

    [Fact]
    public void Evaluate_NearMissJustBelowThreshold_NoFinding()
    {
        // Six characters of result (办结率98.6%) on a 54-character goal: similarity 0.8966, just under 0.9.
        var achieved = Planned + "办结率98.6%。";

        Assert.Equal(0.8966, Metrics.Indicators.TrigramJaccard(Planned, achieved), 4);
        Assert.Empty(RuleAssert.Run(Rule, FormBuilder.Department().Goals(Planned, achieved).Build()));
    }

    [Fact]
    public void Evaluate_JustAboveThreshold_ReturnsFinding()
    {
        // Five characters appended (办结率98%): similarity 0.9123, still a copy.
        var achieved = Planned + "办结率98%。";

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, FormBuilder.Department().Goals(Planned, achieved).Build()),
            "Q5", Severity.Medium, 12);

        Assert.Equal(0.9123, finding.Evidence["similarity"], 4);
        Assert.DoesNotContain("逐字相同", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Evaluate_AchievedBlank_IsExcluded(string? achieved)
    {
        Assert.Empty(RuleAssert.Run(Rule, FormBuilder.Department().Goals(Planned, achieved).Build()));
    }

    [Fact]
    public void Constructor_SimilarityAboveOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GoalsCopied(new GoalsCopied.Settings(1.5)));
    }
}
