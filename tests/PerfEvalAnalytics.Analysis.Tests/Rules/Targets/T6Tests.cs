using PerfEvalAnalytics.Analysis.Rules.Targets;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T6Tests
{
    private static readonly MissingIndicatorCategories Rule = new(new MissingIndicatorCategories.Settings());

    private static FormBuilder Output(FormBuilder b) => b.Level1("产出指标", 50)
        .Row("数量指标", "培训人数", "≥100人", "105人", 25m, 25m)
        .Row("质量指标", "合格率", "≥95%", "98%", 25m, 25m);

    [Fact]
    public void Evaluate_WeightedBlockWithOnlyAPlaceholderRow_ReturnsMediumFindingAtItsLine()
    {
        var form = Output(FormBuilder.Department()).Level1("满意度指标", 10).Row(null, null, null, null, 10m, 10m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "T6", Severity.Medium, 22);

        Assert.Equal(10, finding.Evidence["weight"], 6);
        Assert.Contains("满意度指标", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BlockScoredAtLevelTwo_NoFinding()
    {
        // 投入管理 rows name a 二级指标 and carry no 三级指标: that is an indicator, not an empty block.
        var form = Output(FormBuilder.Department()).Level1("投入管理指标", 30).Row("预算执行管理", null, null, null, 30m, 30m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ProjectFormWithoutCostIndicator_ReturnsLowFormFinding()
    {
        var finding = RuleAssert.Single(RuleAssert.Run(Rule, Output(FormBuilder.Project()).Build()), "T6",
            Severity.Low, null);

        Assert.Equal(2, finding.Evidence["outputRows"]);
    }

    [Fact]
    public void Evaluate_ProjectFormWithCostIndicator_NoFinding()
    {
        var form = Output(FormBuilder.Project()).Row("成本指标", "人均培训成本", "≤500元", "480元", 0m, 0m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_DepartmentFormWithoutCostIndicator_IsExcludedByDefault()
    {
        Assert.Empty(RuleAssert.Run(Rule, Output(FormBuilder.Department()).Build()));
    }

    [Fact]
    public void Evaluate_DepartmentKindConfigured_DepartmentFormWithoutCostIsFlagged()
    {
        var rule = new MissingIndicatorCategories(new MissingIndicatorCategories.Settings
        {
            CostRequiredFor = [FormKind.Project, FormKind.DepartmentOverall],
        });

        RuleAssert.Single(RuleAssert.Run(rule, Output(FormBuilder.Department()).Build()), "T6", Severity.Low, null);
    }

    [Fact]
    public void Catalog_CostRequiredForFromJson_BindsFormKindNames()
    {
        var catalog = RuleCatalog.Create(
            """{ "Rules": { "T6": { "CostRequiredFor": ["Project", "DepartmentOverall"] } } }""", "rules.json");

        var rule = Assert.Single(catalog.Rules.OfType<MissingIndicatorCategories>());
        RuleAssert.Single(RuleAssert.Run(rule, Output(FormBuilder.Department()).Build()), "T6", Severity.Low, null);
    }
}
