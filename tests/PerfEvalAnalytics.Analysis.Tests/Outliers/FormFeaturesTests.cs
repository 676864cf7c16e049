using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Analysis.Outliers;

namespace PerfEvalAnalytics.Analysis.Tests.Outliers;

public sealed class FormFeaturesTests
{
    [Fact]
    public void Of_MixedRows_ComputesEachFeature()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 1000m, 800m, 80.00m)
            .Row("数量指标", "培训人数", "≥100(人)", "100(人)", 10m, 10m)                       // exact hit
            .Row("数量指标", "宣传次数", "≥10(次)", "12(次)", 10m, 10m)                          // q = 1.2
            .Row("数量指标", "检查户数", "≥50(户)", "40(户)", 10m, 8m, "部分商户停业，已调整检查计划") // missed, explained
            .Row("质量指标", "验收合格率", "=100(%)", "100(%)", 10m, 10m)                        // capped: not an exact hit
            .Row("时效指标", "完成及时性", "及时", "达成年度指标", 10m, 9m)                          // under-scored, no text
            .Build();
        var other = new RuleInfo("T0", "测试规则", "test rule", "S");
        var findings = new[]
        {
            Finding.ForForm(other, Severity.High, form, null, $"a", $"a", []),
            Finding.ForForm(other, Severity.Medium, form, null, $"b", $"b", []),
            Finding.ForForm(other, Severity.Medium, form, null, $"c", $"c", []),
            Finding.ForForm(PcaOutlierScorer.Rule, Severity.Low, form, null, $"d", $"d", []),
        };

        var f = FormFeatures.Of(form, findings, completionCap: 3);

        Assert.Equal(0.8, f.ExecutionRate!.Value, 9);
        Assert.Equal(1.0 / 3, f.ExactHitShare!.Value, 9);
        Assert.Equal(0.2, f.QualitativeShare!.Value, 9);
        Assert.Equal(0.5, f.ExplanationCoverage, 9);
        Assert.Equal(47.0 / 50, f.ScoreRatio!.Value, 9);
        Assert.Equal(0.6, f.FullMarksShare!.Value, 9);
        Assert.Equal(1.0, f.MedianCompletion!.Value, 9); // q = 1, 1.2, 0.8, 1 → median 1
        Assert.Equal(1, f.HighFindings);
        Assert.Equal(2, f.MediumFindings); // ML1's own finding is not counted
    }

    [Fact]
    public void WithFindings_CountsHighAndMediumPerForm_IgnoringLowAndTheMLFamily()
    {
        var a = FormBuilder.Department().Unit("甲单位").Row("数量指标", "培训人数", "≥10(人)", "50(人)", 10m, 10m).Build();
        var b = FormBuilder.Department().Unit("乙单位").Row("数量指标", "培训人数", "≥10(人)", "50(人)", 10m, 10m).Build();
        var absent = FormBuilder.Department().Unit("丙单位").Row("数量指标", "培训人数", "≥10(人)", "50(人)", 10m, 10m).Build();
        var other = new RuleInfo("T0", "测试规则", "test rule", "S");
        Finding On(EvaluationForm form, RuleInfo rule, Severity severity) =>
            Finding.ForForm(rule, severity, form, null, $"x", $"x", []);
        var features = new[] { FormFeatures.Of(a, [], 3), FormFeatures.Of(b, [], 3) };
        var findings = new[]
        {
            On(a, other, Severity.High), On(a, other, Severity.Medium), On(a, other, Severity.Medium),
            On(a, other, Severity.Low), On(a, PcaOutlierScorer.Rule, Severity.Medium), On(b, other, Severity.Low),
            On(absent, other, Severity.High),
        };

        // Read once, as a stream (a large run's findings come from disk).
        var counted = FormFeatures.WithFindings(features, findings.Select(f => f));

        Assert.Equal((1, 2), (counted[0].HighFindings, counted[0].MediumFindings));
        Assert.Equal(features[1], counted[1]); // Low only: unchanged
        Assert.Equal(2, counted.Count); // a finding on a form not in the batch adds nothing
    }

    [Fact]
    public void Of_NoBudgetNoMissedRows_ExecutionRateMissingCoverageOne()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥10(人)", "50(人)", 10m, 10m).Build();

        var f = FormFeatures.Of(form, [], completionCap: 3);

        Assert.Null(f.ExecutionRate);
        Assert.Equal(0, f.ExactHitShare);
        Assert.Equal(1, f.ExplanationCoverage);
        Assert.Equal(3, f.MedianCompletion); // q = 5, capped at 3
    }

    [Fact]
    public void Features_EveryFeatureHasAKeyAndBothNames()
    {
        Assert.Equal(FormFeatures.Count, FormFeatures.Features.Count);
        Assert.Equal(FormFeatures.Count, FormFeatures.Features.Select(f => f.Key).Distinct().Count());
        Assert.All(FormFeatures.Features, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Name));
            Assert.False(string.IsNullOrWhiteSpace(f.NameEn));
            Assert.True(f.MinScale > 0);
        });
    }

    [Fact]
    public void CountFindings_FormsThatDifferInOneField_CountedApart_MlAndLowFindingsIgnored()
    {
        // Two identities that share their characters across fields ("甲" + "乙|2024" and "甲|2024" + "乙"), and one
        // field different at a time.
        FormRef[] forms =
        [
            new("甲", 2024, FormKind.Project, "乙|2024", "a.txt"),
            new("甲|2024", 2024, FormKind.Project, "乙", "a.txt"),
            new("甲", 2023, FormKind.Project, "乙|2024", "a.txt"),
            new("甲", 2024, FormKind.DepartmentOverall, null, "a.txt"),
            new("甲", 2024, FormKind.Project, "", "a.txt"),
            new("甲", 2024, FormKind.Project, "乙|2024", "b.txt"),
        ];
        var rule = new RuleInfo("T0", "测试", "test", "S");
        Finding On(FormRef form, Severity severity, RuleInfo? by = null) =>
            new(by ?? rule, severity, form, null, null, "x", "x", new Dictionary<string, double>());
        // Form k gets k High and one Medium finding, a Low one and an ML1 one (both ignored).
        var findings = forms.SelectMany((f, k) => Enumerable.Repeat(On(f, Severity.High), k)
            .Append(On(f, Severity.Medium)).Append(On(f, Severity.Low))
            .Append(On(f, Severity.High, PcaOutlierScorer.Rule)));

        var counts = FormFeatures.CountFindings(findings);

        Assert.Equal(forms.Select((_, k) => (k, 1)), forms.Select(counts.Of));
        Assert.Equal(forms.Length, counts.Count);
        Assert.Equal((0, 0), counts.Of(new FormRef("丙", 2024, FormKind.Project, "乙", "a.txt")));
    }
}
