using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L1Tests
{
    private static readonly CompletionRatioBunching Rule = new(new CompletionRatioBunching.Settings());

    /// <summary>
    /// One unit's rows over two years against ≥100(个): 97 → q in [0.96, 0.98), 99 → [0.98, 1), 100 → [1, 1.02),
    /// 103 → [1.02, 1.04), 50 far away; padded with far rows to <paramref name="total"/>.
    /// </summary>
    private static EvaluationForm[] Unit(int below2, int below, int at, int above, int total, string unit = "甲单位",
        string target = "≥100(个)", string exact = "100(个)")
    {
        var actuals = Enumerable.Repeat("97(个)", below2).Concat(Enumerable.Repeat("99(个)", below))
            .Concat(Enumerable.Repeat(exact, at)).Concat(Enumerable.Repeat("103(个)", above))
            .ToList();
        actuals.AddRange(Enumerable.Repeat("50(个)", total - actuals.Count));
        var half = actuals.Count / 2;
        return
        [
            Rows(FormBuilder.Department(2023).Unit(unit), actuals.Take(half), target),
            Rows(FormBuilder.Department(2024).Unit(unit), actuals.Skip(half), target),
        ];
    }

    private static EvaluationForm Rows(FormBuilder builder, IEnumerable<string> actuals, string target)
    {
        var i = 0;
        foreach (var actual in actuals)
        {
            builder.Row("数量指标", $"指标{++i}", target, actual, 1m, 1m);
        }

        return builder.Build();
    }

    [Fact]
    public void Evaluate_PeakAtOneWithTroughBelow_ReturnsMediumFindingOnLatestForm()
    {
        var findings = RuleAssert.Run(Rule, Unit(below2: 5, below: 3, at: 11, above: 5, total: 40));

        var finding = RuleAssert.Single(findings, "L1", Severity.Medium, null);
        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(40, finding.Evidence["n"]);
        Assert.Equal(11, finding.Evidence["countAt"]);
        Assert.Equal(3, finding.Evidence["countBelow"]);
        Assert.Equal(5, finding.Evidence["countAbove"]);
        Assert.Equal(2.262, finding.Evidence["sd"], 3);
        Assert.True(finding.Evidence["sdBelow"] < 0);
        Assert.Equal(2.0, finding.Evidence["threshold"], 6);
        Assert.Equal(0.02, finding.Evidence["binWidth"], 6);
        Assert.Contains("SD = 2.26", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PeakJustBelowThreshold_NoFinding()
    {
        // SD = 1.989 with one row fewer at 1.
        Assert.Empty(RuleAssert.Run(Rule, Unit(below2: 5, below: 3, at: 10, above: 5, total: 40)));
    }

    [Fact]
    public void Evaluate_PeakWithoutTroughBelow_FlaggedOnlyWhenTroughNotRequired()
    {
        // The bin below 1 is above the mean of its neighbours: a ramp into 1, not a trough.
        var forms = Unit(below2: 2, below: 10, at: 16, above: 0, total: 40);

        Assert.Empty(RuleAssert.Run(Rule, forms));
        var lenient = new CompletionRatioBunching(new CompletionRatioBunching.Settings(RequireDeficitBelow: false));
        RuleAssert.Single(RuleAssert.Run(lenient, forms), "L1", Severity.Medium, null);
    }

    [Fact]
    public void Evaluate_CappedRowsOnly_AreExcluded()
    {
        // =100% rows hit their cap exactly by nature: none is pooled, so the unit has too few rows.
        var forms = Unit(below2: 0, below: 0, at: 40, above: 0, total: 40, target: "=100.00(%)", exact: "100.00(%)");

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_FewerRowsThanMinimum_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Unit(below2: 0, below: 0, at: 29, above: 0, total: 29)));
    }

    [Fact]
    public void Evaluate_EveryRowExactlyOnTarget_FlaggedWithFiniteStatistic()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Unit(0, 0, 30, 0, 30)), "L1", Severity.Medium, null);

        Assert.Equal(30.0, finding.Evidence["sd"], 6);
    }

    [Fact]
    public void Evaluate_TwoUnits_PooledSeparately()
    {
        var forms = Unit(5, 3, 11, 5, 40, unit: "甲单位").Concat(Unit(5, 3, 10, 5, 40, unit: "乙单位")).ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L1", Severity.Medium, null);
        Assert.Equal("甲单位", finding.Form.Unit);
    }
}
