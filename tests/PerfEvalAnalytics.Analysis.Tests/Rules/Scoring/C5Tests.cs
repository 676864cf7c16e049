using PerfEvalAnalytics.Analysis.Rules.Scoring;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Scoring;

public sealed class C5Tests
{
    private static readonly GradeInconsistentWithTotal Rule = new(new GradeInconsistentWithTotal.Settings());

    [Fact]
    public void Evaluate_ExcellentFiledForEightyFive_ReturnsMediumFinding()
    {
        var form = FormBuilder.Project().Grade("优").Totals(100m, 85m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "C5", Severity.Medium, form.TotalLine);

        Assert.Equal(85.0, finding.Evidence["total"], 6);
        Assert.Equal(4.0, finding.Evidence["filedGrade"], 6);
        Assert.Equal(3.0, finding.Evidence["expectedGrade"], 6);
        Assert.Contains("应为“良”", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("优", 90.00, false)]
    [InlineData("优", 89.99, true)]
    [InlineData("良好", 80.00, false)]
    [InlineData("差", 59.99, false)]
    [InlineData("中", 59.99, true)]
    public void Evaluate_TotalsAtBandEdges_FollowTheBandTable(string grade, decimal total, bool flagged)
    {
        var form = FormBuilder.Project().Grade(grade).Totals(100m, total).Build();

        Assert.Equal(flagged ? 1 : 0, RuleAssert.Run(Rule, form).Count);
    }

    [Fact]
    public void Evaluate_ProvincialBands_AcceptEightyFiveAsExcellent()
    {
        var provincial = new GradeInconsistentWithTotal(new GradeInconsistentWithTotal.Settings(80m, 70m, 60m));
        var form = FormBuilder.Project().Grade("优").Totals(100m, 85m).Build();

        Assert.Empty(RuleAssert.Run(provincial, form));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("合规")]
    public void Evaluate_NoOrUnknownGrade_IsExcluded(string? grade)
    {
        var form = FormBuilder.Project().Grade(grade).Totals(100m, 50m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Constructor_BandsOutOfOrder_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new GradeInconsistentWithTotal(new GradeInconsistentWithTotal.Settings(80m, 85m, 60m)));
    }
}
