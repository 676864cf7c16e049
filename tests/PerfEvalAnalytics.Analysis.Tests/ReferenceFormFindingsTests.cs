using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>
/// Everything the whole catalog finds on the reference form, pinned in Golden/reference.findings.txt (one line per
/// finding: severity, rule, line, indicator, message, evidence). Regenerate deliberately with
/// PERFEVAL_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class ReferenceFormFindingsTests
{
    private static readonly string GoldenPath =
        Path.Combine(TestData.RepoRoot, "tests", "PerfEvalAnalytics.Analysis.Tests", "Golden", "reference.findings.txt");

    private static IReadOnlyList<Finding> Analyse() =>
        new Analyzer(RuleCatalog.Default()).Run([FormReader.Read(TestData.ReferencePath)]).Findings;

    private static string Render(IEnumerable<Finding> findings)
    {
        var sb = new StringBuilder();
        foreach (var f in findings)
        {
            var evidence = string.Join(", ", f.Evidence.Select(kv =>
                kv.Key + "=" + kv.Value.ToString("0.####", CultureInfo.InvariantCulture)));
            sb.Append(CultureInfo.InvariantCulture,
                $"{f.Severity}\t{f.Rule.Code}\t{f.Line?.ToString(CultureInfo.InvariantCulture) ?? "form"}\t{f.Indicator}\t{f.Message}\t{{{evidence}}}\n");
        }

        return sb.ToString();
    }

    [Fact]
    public void Analyze_ReferenceForm_MatchesGoldenFindings()
    {
        var actual = Render(Analyse());
        Golden.AssertMatches(GoldenPath, actual);
    }

    [Fact]
    public void Analyze_ReferenceForm_FindsWhatASupervisorFindsAndNothingElse()
    {
        var found = Analyse().Select(f => $"{f.Rule.Code}@{f.Line?.ToString(CultureInfo.InvariantCulture) ?? "form"}")
            .Order(StringComparer.Ordinal).ToList();

        string[] expected =
        [
            "C1@34", // PDA 331 → 274 scored 0.49 of 0.50; proportional score 0.41
            "C4@26", // 40 → 240 件/人/年 (q = 6) at full marks, unexplained
            "E3@34", // 根据实际需求配置设备数量: no cause analysis worth the name, no action
            "M1@77", // 群众满意度 ≥85% answered 达成指标: no measured rate
            "Q1@39", // 机动执法队人员到岗数 listed twice (27 and 39)
            "Q2@75", // 15:01:00: a number shown as a clock time
            "Q3@62", "Q3@63", // 回潮率 / 消除率 counted in 起
            "Q4@63", "Q4@65", "Q4@69", "Q4@72", "Q4@73", "Q4@77", // 达成指标 for numeric or relative targets
            "Q5@12", // 全年完成情况 copied from 年初设定目标
            "Q6@15", "Q6@16", "Q6@17", "Q6@18", "Q6@19", "Q6@20", "Q6@21", // 投入管理 full marks with no values
            "Q7@26", "Q7@28", "Q7@63", // targets without an operator
            "T1@form", // 11 of 13 uncapped targets met exactly
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), found);
    }

    [Fact]
    public void Analyze_ReferenceForm_NoWeightOrTotalFindings_BecauseRowsAreAssignedToTheirLevelOneBlock()
    {
        // The structural trap: 数量指标 rows 22-39 sit above the 产出指标 label (line 41). Read naively they would
        // make 投入管理 39 and 产出 16 points; S1/S2/S4 must stay silent on the form as filed.
        Assert.DoesNotContain(Analyse(), f => f.Rule.Code is "S1" or "S2" or "S4");
    }
}
