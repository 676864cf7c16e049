using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>
/// Everything the whole catalog finds on the committed sample district (data/generated: 506 forms of 40 fictional
/// units, 2021–2024), pinned in Golden/generated.findings.txt: one line per finding with its form, rule, line, message
/// and every evidence value to the last bit. The batch rules (L, T1, T7, E4, ML1) compare the district's forms with
/// each other, so a change in how they read their batches shows here. Regenerate deliberately with
/// PERFEVAL_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class SampleDistrictFindingsTests
{
    private static readonly string GoldenPath =
        Path.Combine(TestData.RepoRoot, "tests", "PerfEvalAnalytics.Analysis.Tests", "Golden", "generated.findings.txt");

    [Fact]
    public void Analyze_SampleDistrict_MatchesGoldenFindings()
    {
        var forms = Directory.GetFiles(Path.Combine(TestData.RepoRoot, "data", "generated"), "*.txt")
            .Order(StringComparer.Ordinal).Select(FormReader.Read).ToList();
        var findings = new Analyzer(RuleCatalog.Default()).Run(forms).Findings;

        var sb = new StringBuilder();
        foreach (var f in findings)
        {
            var evidence = string.Join(", ", f.Evidence.Select(kv =>
                kv.Key + "=" + kv.Value.ToString("R", CultureInfo.InvariantCulture)));
            sb.Append(CultureInfo.InvariantCulture,
                $"{f.Form.FileName}\t{f.Severity}\t{f.Rule.Code}\t{f.Line?.ToString(CultureInfo.InvariantCulture) ?? "form"}\t{f.Indicator}\t{f.Message}\t{{{evidence}}}\n");
        }

        var actual = sb.ToString();
        Assert.True(findings.Count > 100, $"{findings.Count} findings");
        Golden.AssertMatches(GoldenPath, actual);
    }
}
