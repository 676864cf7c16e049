using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Analysis.Rules.CrossChecks;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.CrossChecks;

/// <summary>
/// The X rules on the reference form (2024 虹桥镇城市运行管理中心, B/A = 98.88%, every 产出 row at full marks except
/// line 34): none fires.
/// </summary>
public sealed class ReferenceFormCrossChecksTests
{
    private static readonly Lazy<Domain.EvaluationForm> Reference = new(() => FormReader.Read(TestData.ReferencePath));

    public static TheoryData<string> Codes => ["X1", "X2", "X3"];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Evaluate_ReferenceForm_NoFinding(string code)
    {
        var rule = RuleCatalog.Default().Rules.Single(r => r.Info.Code == code);

        Assert.Empty(RuleAssert.Run(rule, Reference.Value));
    }

    [Fact]
    public void ReferenceForm_SitsBetweenTheX1Thresholds()
    {
        // Why X1 is silent: the rate is neither below 60% nor at 99%, although 38 of 39 output rows have full marks.
        var rate = Budget.Of(Reference.Value)!.ExecutionRate!.Value;
        var outputs = Reference.Value.Indicators.Where(r => r.Level1 == "产出指标").Select(RowAssessment.Of).ToList();

        Assert.Equal(0.98876, rate, 5);
        Assert.Equal(39, outputs.Count);
        Assert.Equal(34, Assert.Single(outputs, a => !a.FullMarks).Row.Line);
        Assert.Null(Budget.Of(Reference.Value)!.InitialBudget);
        Assert.Empty(RuleAssert.Run(new OutputsAchievedWithoutSpending(new OutputsAchievedWithoutSpending.Settings()),
            Reference.Value));
    }
}
