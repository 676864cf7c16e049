using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L4Tests
{
    private static readonly LastDigitHeaping Rule = new(new LastDigitHeaping.Settings());

    /// <summary>
    /// One unit, two years, with <c>counts[d]</c> integer actuals ending in digit d (values 20 + d + 10·i).
    /// </summary>
    private static EvaluationForm[] Unit(int[] counts, string unit = "甲单位", string suffix = "(个)",
        string target = "≥10(个)")
    {
        var actuals = counts.SelectMany((c, d) => Enumerable.Range(0, c).Select(i => 20 + d + (10 * i))).ToList();
        var half = actuals.Count / 2;
        return
        [
            Rows(FormBuilder.Department(2023).Unit(unit), actuals.Take(half), suffix, target),
            Rows(FormBuilder.Department(2024).Unit(unit), actuals.Skip(half), suffix, target),
        ];
    }

    private static EvaluationForm Rows(FormBuilder builder, IEnumerable<int> actuals, string suffix, string target)
    {
        var i = 0;
        foreach (var actual in actuals)
        {
            builder.Row("数量指标", $"指标{++i}", target, $"{actual}{suffix}", 1m, 1m);
        }

        return builder.Build();
    }

    [Fact]
    public void Evaluate_DigitsClearlyNonUniform_ReturnsLowFindingOnLatestForm()
    {
        // χ² = (13² + 7² + 6²) / 10 = 25.4 with 9 df: p ≈ 0.0026.
        var findings = RuleAssert.Run(Rule, Unit([23, 3, 4, 10, 10, 10, 10, 10, 10, 10]));

        var finding = RuleAssert.Single(findings, "L4", Severity.Low, null);
        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(100, finding.Evidence["n"]);
        Assert.Equal(25.4, finding.Evidence["chi2"], 6);
        Assert.Equal(0.0025591, finding.Evidence["pValue"], 6);
        Assert.Equal(0.01, finding.Evidence["alpha"], 6);
        Assert.Equal(23, finding.Evidence["digit0"]);
        Assert.Contains("尾数 0 出现最多", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ChiSquareJustBelowCriticalValue_NoFinding()
    {
        // χ² = (12² + 6² + 6²) / 10 = 21.6: p ≈ 0.0102, just above 0.01.
        Assert.Empty(RuleAssert.Run(Rule, Unit([22, 4, 4, 10, 10, 10, 10, 10, 10, 10])));
    }

    [Fact]
    public void Evaluate_NinetyNineValues_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Unit([99, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
    }

    [Fact]
    public void Evaluate_RatesAtTheirCeilingAndCappedRows_AreExcluded()
    {
        // 100 rates of 100% (round by nature) and 100 counts under an =0 cap: all end in 0, none counts.
        var atCeiling = FormBuilder.Department().Unit("甲单位");
        for (var i = 0; i < 100; i++)
        {
            atCeiling.Row("质量指标", $"合格率{i}", "≥90(%)", "100.00(%)", 1m, 1m);
        }

        var capped = Unit([100, 0, 0, 0, 0, 0, 0, 0, 0, 0], unit: "乙单位", suffix: "(起)", target: "=0(起)");

        Assert.Empty(RuleAssert.Run(Rule, [atCeiling.Build(), .. capped]));
    }

    [Fact]
    public void Evaluate_NonIntegerAndSmallValues_AreExcluded()
    {
        var small = FormBuilder.Department().Unit("丙单位");
        for (var i = 0; i < 150; i++)
        {
            small.Row("数量指标", $"指标{i}", "≥1(个)", i % 2 == 0 ? "5(个)" : "20.5(个)", 1m, 1m);
        }

        Assert.Empty(RuleAssert.Run(Rule, small.Build()));
    }

    [Theory]
    [InlineData(21.666, 9, 0.01)]
    [InlineData(16.919, 9, 0.05)]
    [InlineData(3.841, 1, 0.05)]
    [InlineData(0.0, 9, 1.0)]
    public void ChiSquareSurvivalFunction_TableValues_Match(double statistic, int df, double expected)
    {
        Assert.Equal(expected, ChiSquare.SurvivalFunction(statistic, df), 4);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0)]
    [InlineData(30.0)]
    public void ChiSquareSurvivalFunction_TwoDegreesOfFreedom_IsExponential(double statistic)
    {
        Assert.Equal(Math.Exp(-statistic / 2), ChiSquare.SurvivalFunction(statistic, 2), 12);
    }
}
