using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L3Tests
{
    private static readonly ScoreCompression Rule = new(new ScoreCompression.Settings());

    private static EvaluationForm Form(int year, string unit, decimal score) =>
        FormBuilder.Department(year).Unit(unit).MetRows(1, 1m).Totals(100m, score).Build();

    private static EvaluationForm[] Batch(params decimal[] scores) =>
        scores.Select((s, i) => Form(2024, $"单位{i:00}", s)).ToArray();

    [Fact]
    public void Evaluate_BatchAllAbove95_OneFindingOnHighestScoringForm()
    {
        var forms = Batch(96m, 97m, 98m, 99m, 96.5m, 97.5m, 98.5m, 99.5m, 95m, 95.5m);

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L3", Severity.Low, 22);

        Assert.Equal("单位07", finding.Form.Unit);
        Assert.Equal(10, finding.Evidence["batchN"]);
        Assert.Equal(1.0, finding.Evidence["batchHighShare"], 6);
        Assert.Equal(0.7, finding.Evidence["maxHighShare"], 6);
        Assert.Equal(3.0, finding.Evidence["minStdDev"], 6);
        Assert.Contains("总分 ≥ 95 的占 100%", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BatchSpreadBelowThreeButFewHighScores_ReturnsFinding()
    {
        var forms = Batch(85m, 86m, 87m, 88m, 89m, 85m, 86m, 87m, 88m, 89m);

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L3", Severity.Low, 22);

        Assert.Equal(0.0, finding.Evidence["batchHighShare"], 6);
        Assert.True(finding.Evidence["batchStdDev"] < 3);
    }

    [Fact]
    public void Evaluate_BatchSeventyPercentHighAndSpread_NoFinding()
    {
        // 7 of 10 at ≥ 95 is not more than 70%, and the three low scores give SD > 3.
        Assert.Empty(RuleAssert.Run(Rule, Batch(95m, 96m, 97m, 98m, 99m, 95m, 96m, 70m, 80m, 85m)));
    }

    [Fact]
    public void Evaluate_BatchOfNine_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Batch(99m, 99m, 99m, 99m, 99m, 99m, 99m, 99m, 99m)));
    }

    [Fact]
    public void Evaluate_UnitScoresFlatOverThreeYears_FindingOnLatestForm()
    {
        var forms = new[] { Form(2022, "甲单位", 95.0m), Form(2023, "甲单位", 95.5m), Form(2024, "甲单位", 95.2m) };

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L3", Severity.Low, 22);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(3, finding.Evidence["seriesYears"]);
        Assert.Equal(0.252, finding.Evidence["seriesStdDev"], 3);
        Assert.Equal(1.0, finding.Evidence["minSeriesStdDev"], 6);
    }

    [Fact]
    public void Evaluate_UnitScoresWithStdDevExactlyOne_NoFinding()
    {
        var forms = new[] { Form(2022, "甲单位", 93m), Form(2023, "甲单位", 95m), Form(2024, "甲单位", 94m) };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_UnitFlatOverTwoYearsOnly_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(2023, "甲单位", 95m), Form(2024, "甲单位", 95m)));
    }

    [Fact]
    public void Evaluate_BatchAndSeriesOnSameForm_OneMergedFinding()
    {
        var batch = Batch(96m, 97m, 98m, 99m, 96.5m, 97.5m, 98.5m, 95m, 95.5m);
        var forms = batch.Append(Form(2022, "单位99", 99.5m)).Append(Form(2023, "单位99", 99.5m))
            .Append(Form(2024, "单位99", 99.6m)).ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L3", Severity.Low, 22);

        Assert.Equal("单位99", finding.Form.Unit);
        Assert.True(finding.Evidence.ContainsKey("batchN"));
        Assert.True(finding.Evidence.ContainsKey("seriesStdDev"));
    }

    [Fact]
    public void StartRun_SpilledAndJudgedInPasses_FindsExactlyWhatOneListFinds()
    {
        // 2024: the merged batch-and-series finding on 单位99; 2023: a compressed batch whose highest score is tied
        // between 单位00 and 单位99 (the tie goes to 单位00 in the fixed order, whatever order the forms come in).
        var forms = Batch(96m, 97m, 98m, 99m, 96.5m, 97.5m, 98.5m, 95m, 95.5m)
            .Append(Form(2022, "单位99", 99.5m)).Append(Form(2023, "单位99", 99.5m)).Append(Form(2024, "单位99", 99.6m))
            .Concat(Enumerable.Range(0, 10).Select(i => Form(2023, $"单位{i:00}", i == 0 ? 99.5m : 96m + (i * 0.2m))))
            .ToArray();
        var passes = new ScoreCompression(new ScoreCompression.Settings()) { SpillSummaries = 1 };

        var (sliced, oneList) = RuleAssert.SlicedAndWhole(passes, Rule, forms);

        Assert.Equal(2, oneList.Count);
        Assert.Contains(oneList, d => d.StartsWith("FormRef { Unit = 单位00, Year = 2023", StringComparison.Ordinal) && d.Contains("batchN=11", StringComparison.Ordinal));
        Assert.Contains(oneList, d => d.StartsWith("FormRef { Unit = 单位99, Year = 2024", StringComparison.Ordinal) && d.Contains("seriesStdDev", StringComparison.Ordinal));
        Assert.Equal(oneList, sliced);
    }
}
