using PerfEvalAnalytics.Analysis.Rules.Targets;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

/// <summary>The T family on the reference form (a single 2024 department-wide form): exactly one T1 finding.</summary>
public sealed class ReferenceFormTargetsTests
{
    private static readonly IRule[] Rules =
    [
        new TargetsEqualActuals(new TargetsEqualActuals.Settings()),
        new TargetBelowPriorActual(new TargetBelowPriorActual.Settings()),
        new TargetNotRaisedAfterOverachievement(new TargetNotRaisedAfterOverachievement.Settings()),
        new TriviallyAchievableTargets(new TriviallyAchievableTargets.Settings()),
        new TooManyQualitativeIndicators(new TooManyQualitativeIndicators.Settings()),
        new MissingIndicatorCategories(new MissingIndicatorCategories.Settings()),
        new IdenticalIndicatorSets(new IdenticalIndicatorSets.Settings()),
    ];

    [Fact]
    public void Evaluate_ReferenceForm_OnlyT1FormLevel()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var findings = Rules.SelectMany(r => RuleAssert.Run(r, form)).ToList();

        var finding = RuleAssert.Single(findings, "T1", Severity.Medium, null);
        // Uncapped quantitative rows: 22, 26-30, 32, 34, 36, 38, 39, 57, 74 (43 is a reverse row at its floor 0).
        Assert.Equal(13, finding.Evidence["n"]);
        Assert.Equal(11, finding.Evidence["exact"]);
        Assert.Equal(11.0 / 13, finding.Evidence["share"], 6);
    }

    [Fact]
    public void CountedRows_ReferenceForm_AreTheUncappedQuantitativeLines()
    {
        var form = FormReader.Read(TestData.ReferencePath);

        var lines = TargetsEqualActuals.Counted(form).Select(a => a.Row.Line).ToList();

        Assert.Equal([22, 26, 27, 28, 29, 30, 32, 34, 36, 38, 39, 57, 74], lines);
    }
}
