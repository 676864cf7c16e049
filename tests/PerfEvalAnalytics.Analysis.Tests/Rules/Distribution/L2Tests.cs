using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L2Tests
{
    private static readonly ScoreBunchingAboveCutoffs Rule = new(new ScoreBunchingAboveCutoffs.Settings());

    /// <summary>
    /// A year's batch: <paramref name="above"/> forms at 90.5, <paramref name="below"/> at 89, and fillers away from
    /// every window (93–97 and 70–76) up to <paramref name="total"/> forms.
    /// </summary>
    private static EvaluationForm[] Batch(int above, int below, int total, int year = 2024)
    {
        var scores = Enumerable.Repeat(90.5m, above).Concat(Enumerable.Repeat(89m, below)).ToList();
        for (var i = 0; scores.Count < total; i++)
        {
            scores.Add(i % 2 == 0 ? 93m + (i % 5) : 70m + (i % 7));
        }

        return scores.Select((s, i) => FormBuilder.Department(year).Unit($"单位{i:00}").MetRows(1, 1m)
            .Totals(100m, s).Build()).ToArray();
    }

    [Fact]
    public void Evaluate_SixAboveTwoBelowNinety_FlagsEachFormAboveTheCutoff()
    {
        var findings = RuleAssert.Run(Rule, Batch(above: 6, below: 2, total: 30));

        Assert.Equal(6, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal("L2", f.Rule.Code);
            Assert.Equal(Severity.Low, f.Severity);
            Assert.Equal(22, f.Line);
            Assert.Equal(90.5, f.Evidence["score"], 6);
            Assert.Equal(90.0, f.Evidence["cutoff"], 6);
            Assert.Equal(6, f.Evidence["countAbove"]);
            Assert.Equal(2, f.Evidence["countBelow"]);
            Assert.Equal(30, f.Evidence["n"]);
        });
        Assert.Equal(["单位00", "单位01", "单位02", "单位03", "单位04", "单位05"], findings.Select(f => f.Form.Unit));
        Assert.Contains("[90, 92)", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_AboveJustUnderThreeTimesBelow_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Batch(above: 5, below: 2, total: 30)));
    }

    [Fact]
    public void Evaluate_FewerFormsThanMinimum_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Batch(above: 8, below: 0, total: 29)));
    }

    [Fact]
    public void Evaluate_YearsAreSeparateBatches_NoFinding()
    {
        // 15 forms in each of two years: each batch is below the minimum of 30.
        var forms = Batch(above: 4, below: 0, total: 15, year: 2023).Concat(Batch(4, 0, 15, 2024)).ToArray();

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Constructor_OverlappingWindows_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(Window: 6m)));
    }
}
