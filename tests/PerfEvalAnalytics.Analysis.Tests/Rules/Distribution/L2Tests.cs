using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L2Tests
{
    private static readonly ScoreBunchingAboveCutoffs Rule = new(new ScoreBunchingAboveCutoffs.Settings());

    /// <summary>
    /// A batch of one year and kind: <paramref name="above"/> forms at 90.5, <paramref name="below"/> at 89,
    /// <paramref name="next"/> at 92.5 (the window above the pile), and fillers away from every window of every cut-off
    /// (95–99 and 70–75) up to <paramref name="total"/> forms.
    /// </summary>
    private static EvaluationForm[] Batch(int above, int below, int total, int year = 2024, int next = 0,
        FormKind kind = FormKind.DepartmentOverall)
    {
        var scores = Enumerable.Repeat(90.5m, above).Concat(Enumerable.Repeat(89m, below))
            .Concat(Enumerable.Repeat(92.5m, next)).ToList();
        for (var i = 0; scores.Count < total; i++)
        {
            scores.Add(i % 2 == 0 ? 95m + (i % 5) : 70m + (i % 6));
        }

        return scores.Select((s, i) => (kind == FormKind.Project ? FormBuilder.Project(year) : FormBuilder.Department(year))
            .Unit($"单位{i:00}").MetRows(1, 1m).Totals(100m, s).Build()).ToArray();
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
        Assert.Contains("2024 年部门整体支出绩效自评表 30 份", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("of 30 department-wide forms of 2024", findings[0].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PileInTheProjectFormsOnly_FlagsItWithinItsKind()
    {
        // Project forms alone: the pile of the first test (6 at 90.5, 1 at 89 of 30, SD 2.45). The same year's 30
        // department-wide forms have 4 at 89 and none above: pooled, 6 above against 5 below fails the ratio
        // (6 < 3 × 5), so a year-wide batch would hide the pile.
        var projects = Batch(above: 6, below: 1, total: 30, kind: FormKind.Project);
        var departments = Batch(above: 0, below: 4, total: 30);
        Assert.Empty(RuleAssert.Run(Rule, [.. projects.Select(Pooled), .. departments]));

        var findings = RuleAssert.Run(Rule, [.. projects, .. departments]);

        Assert.Equal(6, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal(FormKind.Project, f.Form.Kind);
            Assert.Equal(1, f.Evidence["countBelow"]);
            Assert.Equal(30, f.Evidence["n"]);
            Assert.Equal(5.5 / Math.Sqrt((30 * 0.2 * 0.8) + (30 * (1 / 30.0) * (29 / 30.0) / 4)), f.Evidence["sd"], 6);
        });
        Assert.Contains("2024 年项目支出绩效自评表 30 份", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("of 30 project forms of 2024", findings[0].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_KindsThatPileOnlyWhenPooled_NoFinding()
    {
        // Near miss the other way. Department-wide, 30 forms: 6 at 90.5, 1 at 89, 4 at 92.5, a smooth rise:
        // SD = (6 − 2.5) / sqrt(4.8 + 1.04) = 1.45. Project, 30 forms: 4 at 90.5, fewer than MinAbove (5).
        // Pooled (n = 60: 10 above, 1 below, 4 next) it would be a pile: SD = 7.5 / sqrt(8.33 + 1.15) = 2.44 > 2.
        var departments = Batch(above: 6, below: 1, total: 30, next: 4);
        var projects = Batch(above: 4, below: 0, total: 30, kind: FormKind.Project);
        var pooled = RuleAssert.Run(Rule, [.. departments, .. projects.Select(Pooled)]);
        Assert.Equal(10, pooled.Count);
        Assert.Equal(7.5 / Math.Sqrt((60 * (1 / 6.0) * (5 / 6.0)) + (60 * (5 / 60.0) * (55 / 60.0) / 4)),
            pooled[0].Evidence["sd"], 6);

        Assert.Empty(RuleAssert.Run(Rule, [.. departments, .. projects]));
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

    /// <summary>The same form filed as department-wide, in a unit of its own: what pooling both kinds would see.</summary>
    private static EvaluationForm Pooled(EvaluationForm form) =>
        form with { Kind = FormKind.DepartmentOverall, UnitName = "项目" + form.UnitName, ProjectName = null };

    [Fact]
    public void Constructor_OverlappingWindows_Throws()
    {
        // Windows reach two widths each side of a cut-off: 80 and 90 need w ≤ 2.5.
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(Window: 3m)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(Threshold: -1)));
    }
}
