using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q3Tests
{
    private static readonly UnitContradictsName Rule = new(new UnitContradictsName.Settings());

    [Fact]
    public void Evaluate_RatioInCountUnit_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "整治区域回潮率", "=0.00(起)", "0.00(起)", 3m, 3m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q3", Severity.Medium, 20);

        Assert.Equal(0.0, finding.Evidence["targetValue"]);
        Assert.Contains("“起”", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CountInPercent_ReturnsMediumFinding()
    {
        var form = FormBuilder.Department().Row("数量指标", "培训人数", "≥90%", "95%", 1m, 1m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q3", Severity.Medium, 20);

        Assert.Equal(95.0, finding.Evidence["actualValue"]);
    }

    [Theory]
    [InlineData("整治区域回潮率", "=0.00(%)", "0.00(%)")] // the right unit
    [InlineData("社区专职巡管案件上报率", "40.00(件/人/年)", "40.00(件/人/年)")] // compound unit: a rate itself
    [InlineData("群众满意度指数", "≥90%", "92%")] // an index, not a count
    [InlineData("工程质量", "≥95%", "98%")] // quality, not a quantity
    public void Evaluate_NearMisses_NoFinding(string name, string target, string actual)
    {
        var form = FormBuilder.Department().Row("社会效益指标", name, target, actual, 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("辖区发案数下降率", "同比下降10%")]
    [InlineData("群众投诉量", "环比下降5%")]
    public void Evaluate_RelativeChangeTarget_IsExcluded(string name, string target)
    {
        var form = FormBuilder.Department().Row("社会效益指标", name, target, "达成指标", 2m, 2m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Catalog_CountUnitsFromSettingsFile_ReplaceTheDefaultList()
    {
        var catalog = RuleCatalog.Create("""{ "Rules": { "Q3": { "CountUnits": ["个"] } } }""", "rules.json");
        var rule = Assert.Single(catalog.Rules, r => r.Info.Code == "Q3");
        var form = FormBuilder.Department().Row("社会效益指标", "整治区域回潮率", "=0.00(起)", "0.00(起)", 3m, 3m).Build();

        Assert.Empty(RuleAssert.Run(rule, form));
    }
}
