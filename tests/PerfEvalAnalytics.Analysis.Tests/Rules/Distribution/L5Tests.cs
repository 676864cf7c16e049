using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

public sealed class L5Tests
{
    private static readonly PeerOutlierScore Rule = new(new PeerOutlierScore.Settings());

    private static EvaluationForm Form(string unit, decimal score, decimal executed, int fullRows = 2,
        int year = 2024) =>
        FormBuilder.Department(year).Unit(unit).Budget("财政拨款", 1000m, executed, executed / 10m)
            .MetRows(fullRows, 1m)
            .Row("数量指标", "建设数", "≥100(个)", "90(个)", 1m, 0.9m, "进度滞后")
            .Totals(100m, score)
            .Build();

    /// <summary>Eight ordinary peers (80–87, B/A 86%–93%, median 89.5%) plus the candidate.</summary>
    private static EvaluationForm[] Peers(EvaluationForm candidate, int peers = 8) =>
        Enumerable.Range(0, peers).Select(i => Form($"单位{i}", 80m + i, 860m + (10m * i))).Append(candidate).ToArray();

    [Fact]
    public void Evaluate_ScoreFarAbovePeersWithMedianSpending_ReturnsLowFinding()
    {
        var findings = RuleAssert.Run(Rule, Peers(Form("甲单位", 99m, 880m)));

        var finding = RuleAssert.Single(findings, "L5", Severity.Low, 24);
        Assert.Equal("甲单位", finding.Form.Unit);
        Assert.Equal(99, finding.Evidence["score"], 6);
        Assert.Equal(84, finding.Evidence["scoreMedian"], 6);
        Assert.Equal(2, finding.Evidence["scoreMad"], 6);
        Assert.Equal(84 + (2 * 2 * 1.4826), finding.Evidence["scoreFence"], 6);
        Assert.Equal(9, finding.Evidence["scoreN"]);
        Assert.Equal(2.0, finding.Evidence["k"], 6);
        Assert.Equal(0.88, finding.Evidence["executionRate"], 6);
        Assert.Equal(0.89, finding.Evidence["peerMedianExecutionRate"], 6);
        Assert.Contains("总分 99 高于 2024 年同类 9 份自评表中位数 84", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScoreJustUnderFence_NoFinding()
    {
        // Fence = 84 + 2 × 2 × 1.4826 = 89.93.
        Assert.Empty(RuleAssert.Run(Rule, Peers(Form("甲单位", 89.9m, 880m))));
    }

    [Fact]
    public void Evaluate_HighScoreButSpendingAboveMedian_NoFinding()
    {
        // B/A 92% against a peer median of 90%.
        Assert.Empty(RuleAssert.Run(Rule, Peers(Form("甲单位", 99m, 920m))));
    }

    [Fact]
    public void Evaluate_SevenFormsInBatch_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Peers(Form("甲单位", 99m, 880m), peers: 6)));
    }

    [Fact]
    public void Evaluate_FullMarkShareFarAbovePeers_ReturnsFinding()
    {
        // Peers have 3 of 4 or 4 of 5 rows at full marks (median 0.8, MAD 0.05, fence 0.948); the candidate 30 of
        // 31 (0.968) with the same score as everyone, so only the share can stand out.
        var forms = Enumerable.Range(0, 8)
            .Select(i => Form($"单位{i}", 84m, 860m + (10m * i), fullRows: 3 + (i % 2)))
            .Append(Form("甲单位", 84m, 880m, fullRows: 30))
            .ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "L5", Severity.Low, 52);

        Assert.Equal(30.0 / 31, finding.Evidence["fullMarkShare"], 6);
        Assert.False(finding.Evidence.ContainsKey("score"));
        Assert.Contains("满分指标占比", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_SpilledAndMediansNarrowedInPasses_FindsExactlyWhatOneListFinds()
    {
        // 2024: the score stands out; 2023: the full-mark share does. Every summary spilled, every median and MAD
        // selected in passes over the spill (one value sorted in memory at a time).
        var forms = Peers(Form("甲单位", 99m, 880m))
            .Concat(Enumerable.Range(0, 8).Select(i => Form($"单位{i}", 84m, 860m + (10m * i), 3 + (i % 2), 2023)))
            .Append(Form("甲单位", 84m, 880m, fullRows: 30, year: 2023))
            .ToArray();
        var passes = new PeerOutlierScore(new PeerOutlierScore.Settings()) { SpillSummaries = 1, SortInMemory = 1 };

        var (sliced, oneList) = RuleAssert.SlicedAndWhole(passes, Rule, forms);

        Assert.Equal(2, oneList.Count);
        Assert.Contains(oneList, d => d.Contains("scoreMedian=84", StringComparison.Ordinal));
        Assert.Contains(oneList, d => d.Contains("fullMarkShareMedian=0.8", StringComparison.Ordinal));
        Assert.Equal(oneList, sliced);
    }
}
