using PerfEvalAnalytics.Analysis.Rules.Values;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

/// <summary>The Q rules on the reference form (2024 虹桥镇城市运行管理中心): exactly these findings, no others.</summary>
public sealed class ReferenceFormQTests
{
    private static readonly Lazy<IReadOnlyList<Finding>> Findings = new(() =>
    {
        var form = FormReader.Read(TestData.ReferencePath);
        IFormRule[] rules =
        [
            new DuplicateIndicator(),
            new SpreadsheetArtefact(new SpreadsheetArtefact.Settings()),
            new UnitContradictsName(new UnitContradictsName.Settings()),
            new QualitativeActualForQuantitativeTarget(new QualitativeActualForQuantitativeTarget.Settings()),
            new GoalsCopied(new GoalsCopied.Settings()),
            new FullMarksWithoutValues(),
            new MissingComparisonOperator(),
        ];
        return rules.SelectMany(r => r.Evaluate(form)).ToList();
    });

    [Theory]
    [InlineData("Q1", new[] { 39 })]
    [InlineData("Q2", new[] { 75 })]
    [InlineData("Q3", new[] { 62, 63 })]
    [InlineData("Q4", new[] { 63, 65, 69, 72, 73, 77 })]
    [InlineData("Q5", new[] { 12 })]
    [InlineData("Q6", new[] { 15, 16, 17, 18, 19, 20, 21 })]
    [InlineData("Q7", new[] { 26, 28, 63 })]
    public void Evaluate_ReferenceForm_FindsExactlyTheseLines(string code, int[] lines)
    {
        var found = Findings.Value.Where(f => f.Rule.Code == code).Select(f => f.Line ?? 0).Order().ToArray();

        Assert.Equal(lines, found);
    }

    [Fact]
    public void Evaluate_ReferenceForm_NoOtherRuleCodes()
    {
        Assert.All(Findings.Value, f => Assert.Matches("^Q[1-7]$", f.Rule.Code));
        Assert.Equal(1 + 1 + 2 + 6 + 1 + 7 + 3, Findings.Value.Count);
    }

    [Fact]
    public void Evaluate_ReferenceForm_DuplicateNamesLine27()
    {
        var q1 = Assert.Single(Findings.Value, f => f.Rule.Code == "Q1");

        Assert.Equal(27, q1.Evidence["firstLine"]);
        Assert.Equal(0.5, q1.Evidence["points"]);
        Assert.Equal(0.5, q1.Evidence["firstPoints"]);
    }

    [Fact]
    public void Evaluate_ReferenceForm_ClockTimeReportsItsDayFraction()
    {
        var q2 = Assert.Single(Findings.Value, f => f.Rule.Code == "Q2");

        Assert.Equal(54060 / 86400.0, q2.Evidence["targetDayFraction"], 9);
        Assert.Contains("15:01:00", q2.Message, StringComparison.Ordinal);
        Assert.Contains("0.6257", q2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReferenceForm_GoalTextsAreIdentical()
    {
        var q5 = Assert.Single(Findings.Value, f => f.Rule.Code == "Q5");

        Assert.Equal(1.0, q5.Evidence["similarity"], 9);
        Assert.Contains("逐字相同", q5.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReferenceForm_InputRowsQuoteTheRemark()
    {
        var q6 = Findings.Value.Where(f => f.Rule.Code == "Q6").ToList();

        Assert.All(q6, f => Assert.Contains("根据沪财绩【2022】13号文的规定要求设置三级指标和指标值", f.Message,
            StringComparison.Ordinal));
    }
}
