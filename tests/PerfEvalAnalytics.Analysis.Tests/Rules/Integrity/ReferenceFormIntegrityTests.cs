using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

/// <summary>
/// The integrity family (S1–S10) on the reference form: a real 2024 filing whose arithmetic holds, so nothing may
/// fire. Two mis-assigned copies show that the S1/S2 checks are alive on it.
/// </summary>
public sealed class ReferenceFormIntegrityTests
{
    private static readonly EvaluationForm Reference = FormReader.Read(TestData.ReferencePath);

    private static IReadOnlyList<IRule> IntegrityRules { get; } =
        RuleCatalog.Default().Rules.Where(r => r.Info.Family == "S").ToList();

    private static List<Finding> RunAll(EvaluationForm form) =>
        IntegrityRules.SelectMany(r => RuleAssert.Run(r, form)).ToList();

    [Fact]
    public void Catalog_HasEveryIntegrityRule()
    {
        Assert.Equal(
            ["S1", "S10", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9"],
            IntegrityRules.Select(r => r.Info.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReferenceForm_IntegrityRules_FindNothing()
    {
        var findings = RunAll(Reference);

        Assert.True(findings.Count == 0,
            "unexpected: " + string.Join(" | ", findings.Select(f => $"{f.Rule.Code}@{f.Line}: {f.Message}")));
    }

    [Fact]
    public void ReferenceForm_OutputRowsCarriedDownIntoInputBlock_S2FlagsBothBlocks()
    {
        // What a naive reader gives: lines 22-39 (数量指标) left under 投入管理指标, whose label is carried down.
        var misassigned = Reassign(Reference, line => line is >= 22 and <= 39, "投入管理指标", 30m);

        var findings = RunAll(misassigned);

        Assert.Collection(findings.OrderBy(f => f.Line),
            f =>
            {
                Assert.Equal(("S2", 15), (f.Rule.Code, f.Line));
                Assert.Equal(39.0, f.Evidence["sum"], 6);
                Assert.Equal(30.0, f.Evidence["weight"], 6);
            },
            f =>
            {
                Assert.Equal(("S2", 41), (f.Rule.Code, f.Line));
                Assert.Equal(16.0, f.Evidence["sum"], 6);
                Assert.Equal(25.0, f.Evidence["weight"], 6);
            });
    }

    [Fact]
    public void ReferenceForm_SatisfactionRowSwallowedByOutcomeBlock_S1AndS2Fire()
    {
        var misassigned = Reassign(Reference, line => line == 77, "效益指标", 35m);

        var findings = RunAll(misassigned);

        Assert.Collection(findings.OrderBy(f => f.Rule.Code, StringComparer.Ordinal),
            f =>
            {
                Assert.Equal(("S1", (int?)null), (f.Rule.Code, f.Line));
                Assert.Equal(90.0, f.Evidence["sum"], 6);
                Assert.Equal(1.0, f.Evidence["missingBlocks"], 6);
                Assert.Equal(1.0, f.Evidence["scheme:SH-DEPT"], 6);
            },
            f =>
            {
                Assert.Equal(("S2", 62), (f.Rule.Code, f.Line));
                Assert.Equal(45.0, f.Evidence["sum"], 6);
            });
    }

    private static EvaluationForm Reassign(EvaluationForm form, Func<int, bool> lines, string level1, decimal weight) =>
        form with
        {
            Indicators = form.Indicators
                .Select(r => lines(r.Line)
                    ? r with { Level1 = level1, Level1Weight = weight, Level1Basis = Level1Basis.CarriedDown }
                    : r)
                .ToList(),
        };
}
