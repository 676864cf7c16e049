using PerfEvalAnalytics.Analysis.Rules.Integrity;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S7Tests
{
    private static readonly FundLinesDoNotAddUp Rule = new(new FundLinesDoNotAddUp.Settings());

    private static FormBuilder Project(decimal otherAnnual) => FormBuilder.Project()
        .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 10m, score: 9.5m)
        .Budget("当年财政拨款", 80m, 76m, 95.00m, "年度资金总额", initial: 80m)
        .Budget("上年结转资金", 10m, 10m, 100.00m, "年度资金总额", initial: 10m)
        .Budget("其他资金", otherAnnual, 9m, null, "年度资金总额", initial: 10m);

    [Fact]
    public void Evaluate_ProjectTotalAboveItsParts_ReturnsHighFindingOnTotalLine()
    {
        var form = Project(5m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S7", Severity.High, 7);

        Assert.Equal(100.0, finding.Evidence["total.A"], 6);
        Assert.Equal(95.0, finding.Evidence["parts.A"], 6);
        Assert.Equal(5.0, finding.Evidence["difference.A"], 6);
        Assert.Equal(0.0, finding.Evidence["difference.B"], 6);
        Assert.Equal(0.0, finding.Evidence["difference.A0"], 6);
        Assert.Contains("全年预算数", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("全年执行数", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProjectPartsWithinTolerance_NoFinding()
    {
        Assert.Empty(RuleAssert.Run(Rule, Project(9.99m).Build()));
    }

    [Fact]
    public void Evaluate_ProjectPartsJustOutsideTolerance_ReturnsFinding()
    {
        RuleAssert.Single(RuleAssert.Run(Rule, Project(9.98m).Build()), "S7", Severity.High, 7);
    }

    [Fact]
    public void Evaluate_DepartmentSourcesDifferFromStructure_ReturnsFinding()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 100m, 90m, 90.00m, "资金来源")
            .Budget("其他资金", 0m, 0m, 0.00m, "资金来源")
            .Budget("基本支出", 30m, 29m, 96.67m, "资金结构")
            .Budget("项目支出", 60m, 61m, 101.67m, "资金结构")
            .Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S7", Severity.High, 9);

        Assert.Equal(100.0, finding.Evidence["sources.A"], 6);
        Assert.Equal(90.0, finding.Evidence["structure.A"], 6);
        Assert.Equal(0.0, finding.Evidence["difference.B"], 6);
        Assert.Contains("资金来源合计", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DepartmentWithoutStructureGroup_IsExcluded()
    {
        var form = FormBuilder.Department()
            .Budget("财政拨款", 100m, 90m, 90.00m, "资金来源")
            .Budget("其他资金", 5m, 0m, 0.00m, "资金来源")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ProjectBlankCarryOver_CountsAsZero()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 10m, score: 9.5m)
            .Budget("当年财政拨款", 100m, 95m, 95.00m, "年度资金总额", initial: 100m)
            .Budget("上年结转资金", null, null, null, "年度资金总额")
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }
}
