using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class AnalyzerTests
{
    private static readonly string Truncated =
        Path.Combine(TestData.Samples, "published", "12_jinzhai-chagu-meilixiangcun_2023_zt.tsv");

    [Fact]
    public void Run_IncompleteForm_SkipsWholeFormRulesAndSaysSo()
    {
        var form = FormReader.Read(Truncated);
        Assert.True(form.IsIncomplete);

        var result = new Analyzer(RuleCatalog.Default()).Run([form]);

        // Weights and totals cannot be judged on a copy that stops in 成本指标.
        Assert.DoesNotContain(result.Findings, f => f.Rule.Code is "S1" or "S2" or "S4" or "T1" or "T6");
        Assert.Contains(result.Skipped, s => s.Rule.Code == "S1" && s.Form.FileName == Path.GetFileName(Truncated));
        // Row and budget rules still run on what the copy holds: 338.31 executed of 329.77 budgeted.
        Assert.Contains(result.Findings, f => f.Rule.Code == "S8" && f.Line == 5);
    }

    [Fact]
    public void Run_CompleteForm_SkipsNothing()
    {
        var result = new Analyzer(RuleCatalog.Default()).Run([FormReader.Read(TestData.ReferencePath)]);

        Assert.Empty(result.Skipped);
        // Every rule that ran has a time, so the benchmark can name the slowest.
        Assert.Equal(RuleCatalog.Default().Rules.Select(r => r.Info.Code).Order(StringComparer.Ordinal),
            result.RuleTimes.Keys.Order(StringComparer.Ordinal));
    }
}
