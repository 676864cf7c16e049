using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

/// <summary>The E rules on the real 2024 reference form: exactly these findings, nothing else.</summary>
public sealed class ReferenceFormExplanationTests
{
    [Fact]
    public void ExplanationRules_ReferenceForm_FindExactlyTheShortExplanationAtLine34()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var rules = RuleCatalog.Default().Rules.Where(r => r.Info.Family == "E").ToList();

        var findings = rules.SelectMany(r => RuleAssert.Run(r, form))
            .Select(f => (f.Rule.Code, f.Line, f.Severity))
            .ToList();

        Assert.Equal(["E1", "E2", "E3", "E4", "E5"], rules.Select(r => r.Info.Code).Order(StringComparer.Ordinal));
        Assert.Equal([("E3", (int?)34, Severity.Medium)], findings);
    }

    [Fact]
    public void E3_ReferenceFormLine34_ReportsTwelveCharactersWithCauseAndNoAction()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var finding = Assert.Single(RuleAssert.Run(
            new PerfEvalAnalytics.Analysis.Rules.Explanation.InsufficientExplanation(new()), form));

        Assert.Equal(12.0, finding.Evidence["length"], 6);
        Assert.Equal(1.0, finding.Evidence["hasCause"], 6);
        Assert.Equal(0.0, finding.Evidence["hasAction"], 6);
    }
}
