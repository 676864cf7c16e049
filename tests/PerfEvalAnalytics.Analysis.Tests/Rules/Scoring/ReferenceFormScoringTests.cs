using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

/// <summary>The C rules on the real 2024 reference form: exactly these findings, nothing else.</summary>
public sealed class ReferenceFormScoringTests
{
    [Fact]
    public void ScoringRules_ReferenceForm_FindExactlyLine34RatioAndLine26Overshoot()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var rules = RuleCatalog.Default().Rules.Where(r => r.Info.Family == "C").ToList();

        var findings = rules.SelectMany(r => RuleAssert.Run(r, form))
            .Select(f => (f.Rule.Code, f.Line, f.Severity))
            .OrderBy(f => f.Code, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["C1", "C2", "C3", "C4", "C5"], rules.Select(r => r.Info.Code).Order(StringComparer.Ordinal));
        Assert.Equal([("C1", (int?)34, Severity.High), ("C4", (int?)26, Severity.High)], findings);
    }

    [Fact]
    public void C1_ReferenceFormLine34_ExpectsPoint41()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var finding = Assert.Single(RuleAssert.Run(
            new PerfEvalAnalytics.Analysis.Rules.Scoring.QuantitativeScoreMismatch(new()), form));

        Assert.Equal("PDA通信服务设备租赁数", finding.Indicator);
        Assert.Equal(0.41, Math.Round(finding.Evidence["expected"], 2), 6);
        Assert.Equal(0.49, finding.Evidence["score"], 6);
    }
}
