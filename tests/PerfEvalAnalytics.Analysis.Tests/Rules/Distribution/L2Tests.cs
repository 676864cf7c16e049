using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L2Tests
{
    private static readonly ScoreBunchingAboveCutoffs Rule = new(new ScoreBunchingAboveCutoffs.Settings());

    /// <summary>
    /// A year's batch: <paramref name="above"/> forms at 90.5, <paramref name="below"/> at 89, <paramref name="next"/>
    /// at 92.5 (the window above the pile), and fillers away from every window of every cut-off (95–99 and 70–75) up to
    /// <paramref name="total"/> forms.
    /// </summary>
    private static EvaluationForm[] Batch(int above, int below, int total, int year = 2024, int next = 0)
    {
        var scores = Enumerable.Repeat(90.5m, above).Concat(Enumerable.Repeat(89m, below))
            .Concat(Enumerable.Repeat(92.5m, next)).ToList();
        for (var i = 0; scores.Count < total; i++)
        {
            scores.Add(i % 2 == 0 ? 95m + (i % 5) : 70m + (i % 6));
        }

        return scores.Select((s, i) => FormBuilder.Department(year).Unit($"单位{i:00}").MetRows(1, 1m)
            .Totals(100m, s).Build()).ToArray();
    }

    [Fact]
    public void Evaluate_PileAboveNinetyWithAGapBelow_FlagsEachFormAboveTheCutoff()
    {
        var findings = RuleAssert.Run(Rule, Batch(above: 6, below: 1, total: 30));

        // n = 30: at = 6, below = 1, next = 0 → SD = (6 − 0.5) / sqrt(30·0.2·0.8 + 30·(1/30)(29/30)/4) = 2.45 > 2;
        // the window below (1 against 0 and 6) is a deficit.
        Assert.Equal(6, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal("L2", f.Rule.Code);
            Assert.Equal(Severity.Low, f.Severity);
            Assert.Equal(22, f.Line);
            Assert.Equal(90.5, f.Evidence["score"], 6);
            Assert.Equal(90.0, f.Evidence["cutoff"], 6);
            Assert.Equal(6, f.Evidence["countAbove"]);
            Assert.Equal(1, f.Evidence["countBelow"]);
            Assert.Equal(0, f.Evidence["countNext"]);
            Assert.Equal(30, f.Evidence["n"]);
            Assert.Equal(5.5 / Math.Sqrt((30 * 0.2 * 0.8) + (30 * (1 / 30.0) * (29 / 30.0) / 4)), f.Evidence["sd"], 6);
            Assert.True(f.Evidence["sdBelow"] < 0);
        });
        Assert.Equal(["单位00", "单位01", "单位02", "单位03", "单位04", "单位05"], findings.Select(f => f.Form.Unit));
        Assert.Contains("[90, 92)", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("SD = 2.45", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScoresRisingSmoothlyAcrossTheCutoff_NoFinding()
    {
        // Near miss: 6 above and 2 below pass the count ratio (6 ≥ 3 × 2), but the window above the pile holds as
        // many (6): scores rise towards 100, they do not pile at 90. SD = (6 − 4) / sqrt(4.8 + 1.47) = 0.80.
        Assert.Empty(RuleAssert.Run(Rule, Batch(above: 6, below: 2, total: 30, next: 6)));
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
    public void Evaluate_TheGeneratorsSmallYearOfNoise_NoFinding()
    {
        // The 2022 batch of the notebook's 300-form corpus (seed 7) at cut-off 80: 10 in [80, 82) against 2 below
        // passed the old count ratio, but with 5 in [76, 78) and 8 in [82, 84) it is noise: SD = 1.52.
        var scores = new List<decimal>();
        scores.AddRange(Enumerable.Repeat(76.5m, 5));
        scores.AddRange(Enumerable.Repeat(78.5m, 2));
        scores.AddRange(Enumerable.Repeat(80.5m, 10));
        scores.AddRange(Enumerable.Repeat(82.5m, 8));
        for (var i = 0; scores.Count < 75; i++)
        {
            scores.Add(85m + (i % 4));
        }

        var forms = scores.Select((s, i) => FormBuilder.Department(2022).Unit($"单位{i:00}").MetRows(1, 1m)
            .Totals(100m, s).Build()).ToArray();

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Constructor_OverlappingWindows_Throws()
    {
        // Windows reach two widths each side of a cut-off: 80 and 90 need w ≤ 2.5.
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(Window: 3m)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(Threshold: -1)));
    }

    [Fact]
    public void StartRun_SpilledAndCountedInPasses_FindsExactlyWhatOneListFinds()
    {
        var forms = Batch(above: 6, below: 1, total: 30).Concat(Batch(above: 7, below: 0, total: 35, year: 2023))
            .ToArray();
        var passes = new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings()) { SpillSummaries = 1 };

        var (sliced, oneList) = RuleAssert.SlicedAndWhole(passes, Rule, forms);

        Assert.Equal(13, oneList.Count);
        Assert.Equal(oneList, sliced);
    }
}
