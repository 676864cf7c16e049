using PerfEvalAnalytics.Analysis.Rules.Satisfaction;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Satisfaction;

/// <summary>The M family on the reference form: M1 at line 77 (群众满意度 ≥85% filed as 达成指标), nothing else.</summary>
public sealed class ReferenceFormSatisfactionTests
{
    private static readonly IRule[] Rules =
    [
        new SatisfactionWithoutSurveyBasis(new SatisfactionWithoutSurveyBasis.Settings()),
        new SatisfactionFrozen(new SatisfactionFrozen.Settings()),
    ];

    [Fact]
    public void Evaluate_ReferenceForm_OnlyM1AtLine77()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var findings = Rules.SelectMany(r => RuleAssert.Run(r, form)).ToList();

        var finding = RuleAssert.Single(findings, "M1", Severity.Medium, 77);
        Assert.Equal("群众满意度", finding.Indicator);
        Assert.Contains("达成指标", finding.Message, StringComparison.Ordinal);
    }
}
