using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Distribution;

/// <summary>
/// The L rules on the reference form alone: one form of one unit and one year reaches none of the batch minimums
/// (30 rows for L1, 30 forms for L2, 10 forms or 3 years for L3, 100 actuals for L4, 8 peers for L5), so none fires.
/// </summary>
public sealed class ReferenceFormDistributionTests
{
    private static readonly Lazy<Domain.EvaluationForm> Reference = new(() => FormReader.Read(TestData.ReferencePath));

    public static TheoryData<string> Codes => ["L1", "L2", "L3", "L4", "L5"];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Evaluate_ReferenceFormAlone_NoFinding(string code)
    {
        var rule = RuleCatalog.Default().Rules.Single(r => r.Info.Code == code);

        Assert.Empty(RuleAssert.Run(rule, Reference.Value));
    }
}
