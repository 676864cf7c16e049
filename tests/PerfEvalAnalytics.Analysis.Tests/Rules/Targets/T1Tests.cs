using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T1Tests
{
    private static readonly TargetsEqualActuals Rule = new(new TargetsEqualActuals.Settings());

    /// <summary>A department form with <paramref name="exact"/> exact hits among <paramref name="total"/> count rows.</summary>
    private static FormBuilder Form(int exact, int total, string unit = "示例单位")
    {
        var b = FormBuilder.Department().Unit(unit).Level1("产出指标", 25);
        for (var i = 0; i < total; i++)
        {
            b.Row("数量指标", $"到岗人数{i + 1}", "=12.00(人)", i < exact ? "12.00(人)" : "13.00(人)", 1m, 1m);
        }

        return b;
    }

    [Fact]
    public void Evaluate_AllUncappedRowsHitExactly_ReturnsMediumFormFindingWithEvidence()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Form(5, 5).Build()), "T1", Severity.Medium, null);

        Assert.Equal(5, finding.Evidence["n"]);
        Assert.Equal(5, finding.Evidence["exact"]);
        Assert.Equal(1.0, finding.Evidence["share"], 6);
        Assert.Equal(0.8, finding.Evidence["shareThreshold"], 6);
        Assert.Contains("全年完成值与年度指标值完全相同", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ShareExactlyAtThreshold_ReturnsFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Form(4, 5).Build()), "T1", Severity.Medium, null);

        Assert.Equal(0.8, finding.Evidence["share"], 6);
    }

    [Fact]
    public void Evaluate_ShareJustBelowThreshold_NoFinding()
    {
        // 7 of 9 = 0.778 < 0.8.
        Assert.Empty(RuleAssert.Run(Rule, Form(7, 9).Build()));
    }

    [Fact]
    public void Evaluate_FewerRowsThanMinimum_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Form(4, 4).Build()));
    }

    [Fact]
    public void Evaluate_CappedTargetsAndReverseRowsAtZero_AreExcluded()
    {
        // Only 2 countable rows (both exact) next to rows where an exact hit is natural: n = 2 < 5.
        var form = Form(2, 2)
            .MetRows(6, 1m)
            .Row("质量指标", "设备事故率", "<0.10(%)", "0.00(%)", 1m, 1m)
            .Row("质量指标", "事故数", "=0.00(起)", "0.00(起)", 1m, 1m)
            .Row("质量指标", "回潮数", "≤0起", "0起", 1m, 1m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ShareFarAbovePeerMedian_ReturnsFindingWithPeerEvidence()
    {
        // Five peers at 1/5 = 0.2; the sixth form at 3/5 = 0.6: below 0.8, but 40 pp above the median 0.2.
        var forms = Enumerable.Range(1, 5).Select(i => Form(1, 5, $"单位{i}").Build())
            .Append(Form(3, 5, "高一致单位").Build()).ToArray();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "T1", Severity.Medium, null);

        Assert.Equal("高一致单位", finding.Form.Unit);
        Assert.Equal(0.2, finding.Evidence["peerMedian"], 6);
        Assert.Equal(6, finding.Evidence["peers"]);
        Assert.Equal(0.6, finding.Evidence["share"], 6);
    }

    [Fact]
    public void Evaluate_AbovePeerMedianByLessThanMargin_NoFinding()
    {
        // 2/5 = 0.4 is only 20 pp above the peers' 0.2.
        var forms = Enumerable.Range(1, 5).Select(i => Form(1, 5, $"单位{i}").Build())
            .Append(Form(2, 5, "略高单位").Build()).ToArray();

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_TooFewPeers_MedianNotUsed()
    {
        var forms = Enumerable.Range(1, 3).Select(i => Form(1, 5, $"单位{i}").Build())
            .Append(Form(3, 5, "高一致单位").Build()).ToArray();

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void StartRun_SpilledAndMediansNarrowedInPasses_FindsExactlyWhatOneListFinds()
    {
        // Two batches (department and project forms of 2024): above the peers' median in both, and one project form
        // on its own share.
        var departments = Enumerable.Range(1, 5).Select(i => Form(1, 5, $"单位{i}").Build())
            .Append(Form(3, 5, "高一致单位").Build()).ToList();
        var projects = departments.Append(Form(5, 5, "全部一致单位").Build()).Select(f => f with
        {
            Kind = PerfEvalAnalytics.Domain.FormKind.Project,
            ProjectName = "同名项目",
            Source = f.Source with { FileName = f.Source.FileName + ".project" },
        });
        var forms = departments.Concat(projects).ToArray();
        var passes = new TargetsEqualActuals(new TargetsEqualActuals.Settings()) { SpillSummaries = 1, SortInMemory = 1 };

        var (sliced, oneList) = RuleAssert.SlicedAndWhole(passes, Rule, forms);

        Assert.Equal(3, oneList.Count);
        Assert.Equal(2, oneList.Count(d => d.StartsWith("FormRef { Unit = 高一致单位,", StringComparison.Ordinal) && d.Contains("peerMedian=0.2", StringComparison.Ordinal)));
        Assert.Equal(oneList, sliced);
    }
}
