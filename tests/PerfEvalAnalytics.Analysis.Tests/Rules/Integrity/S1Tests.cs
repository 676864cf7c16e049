using PerfEvalAnalytics.Analysis.Rules.Integrity;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Integrity;

public sealed class S1Tests
{
    private static readonly LevelOneWeightMismatch Rule = new(new LevelOneWeightMismatch.Settings());

    /// <summary>A department form with one 1-point row per block, weights as given, rows summing to them.</summary>
    private static FormBuilder Department(decimal input, decimal output, decimal outcome, decimal? satisfaction)
    {
        var builder = FormBuilder.Department()
            .Level1("投入管理指标", input).Row("预算编审管理", null, null, null, input, input)
            .Level1("产出指标", output).Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", output, output)
            .Level1("效益指标", outcome).Row("社会效益指标", "覆盖率", "=100.00(%)", "100.00(%)", outcome, outcome);
        return satisfaction is { } s
            ? builder.Level1("满意度指标", s).Row("服务对象满意度指标", "群众满意度", "≥85%", "90%", s, s)
            : builder;
    }

    [Fact]
    public void Evaluate_BlockMissingFromScheme_ReturnsHighFormFindingNamingScheme()
    {
        var form = Department(30m, 25m, 35m, null).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "S1", Severity.High, null);

        Assert.Equal(90.0, finding.Evidence["sum"], 6);
        Assert.Equal(1.0, finding.Evidence["missingBlocks"], 6);
        Assert.Equal(10.0, finding.Evidence["missingWeight"], 6);
        Assert.Equal(1.0, finding.Evidence["scheme:SH-DEPT"], 6);
        Assert.Contains("SH-DEPT", finding.Message, StringComparison.Ordinal);
        Assert.Contains("满意度指标", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WeightsSwappedButSumming100_ReturnsOneFindingPerBlockAtItsLabel()
    {
        var form = Department(30m, 35m, 25m, 10m).Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Collection(findings,
            f =>
            {
                Assert.Equal(21, f.Line);
                Assert.Equal(35.0, f.Evidence["weight"], 6);
                Assert.Equal(25.0, f.Evidence["expected"], 6);
                Assert.Equal(Severity.High, f.Severity);
                Assert.Contains("SH-DEPT", f.Message, StringComparison.Ordinal);
            },
            f =>
            {
                Assert.Equal(22, f.Line);
                Assert.Equal(35.0, f.Evidence["expected"], 6);
            });
    }

    [Fact]
    public void Evaluate_WeightJustOutsideTolerance_ReturnsBlockAndSumFindings()
    {
        var form = Department(30m, 25m, 35m, 10.02m).Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal(new int?[] { 23, null }, findings.Select(f => f.Line));
    }

    [Fact]
    public void Evaluate_WeightWithinTolerance_NoFinding()
    {
        var form = Department(30m, 25m, 35m, 10.01m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ProjectFormMatchingMofScheme_NoFinding()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 10m, score: 9.5m)
            .Level1("产出指标", 50m).Row("数量指标", "建设数量", "≥5个", "5个", 50m, 50m)
            .Level1("效益指标", 30m).Row("社会效益指标", "受益人数", "≥100人", "120人", 30m, 30m)
            .Level1("满意度指标", 10m).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 10m, 10m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_DepartmentFormOutsideShanghaiWithoutItsFramework_OnlyTheSumIsChecked()
    {
        // SH-DEPT is Shanghai's: an Anhui department form built on the project framework is not held to 30/25/35/10.
        var form = FormBuilder.Department().Unit("金寨县茶谷和美丽乡村建设服务中心")
            .Level1("产出指标", 60m).Row("数量指标", "村庄数量", "≥200个", "202个", 60m, 60m)
            .Level1("效益指标", 30m).Row("社会效益指标", "受益人数", "≥1000人", "1200人", 30m, 30m)
            .Level1("满意度指标", 10m).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 10m, 10m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_ProjectFormBefore2020_OnlyTheSumIsChecked()
    {
        // 财预〔2020〕10号 set 10/50/30/10 from 2020: a 2019 form is held to the 100-point total only.
        var form = FormBuilder.Project(2019)
            .Budget("年度资金总额", 100m, 100m, 100m, points: 10m, score: 10m)
            .Level1("产出指标", 70m).Row("数量指标", "服务人数", "≥100人", "100人", 70m, 70m)
            .Level1("满意度指标", 20m).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 20m, 20m)
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
        var later = FormBuilder.Project(2020)
            .Budget("年度资金总额", 100m, 100m, 100m, points: 10m, score: 10m)
            .Level1("产出指标", 70m).Row("数量指标", "服务人数", "≥100人", "100人", 70m, 70m)
            .Level1("满意度指标", 20m).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 20m, 20m)
            .Build();
        Assert.NotEmpty(RuleAssert.Run(Rule, later));
    }

    [Fact]
    public void Evaluate_ProjectFormWithoutWeightColumn_TakesBlockPointsAndFlagsBudgetPoints()
    {
        // No 权重 column: block weights are Σ 分值 (60/20/10); the 预算执行率 item carries 10 as the scheme says.
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 10m, score: 9.5m)
            .Level1("产出指标", null).Row("数量指标", "建设数量", "≥5个", "5个", 60m, 60m)
            .Level1("效益指标", null).Row("社会效益指标", "受益人数", "≥100人", "120人", 20m, 20m)
            .Level1("满意度指标", null).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 10m, 10m)
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal(new int?[] { 20, 21 }, findings.Select(f => f.Line));
        Assert.All(findings, f => Assert.Equal(1.0, f.Evidence["scheme:MOF-PROJ-2020"], 6));
        Assert.Contains("按分值合计", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ProjectBudgetPointsOffScheme_ReturnsFindingOnFundLine()
    {
        var form = FormBuilder.Project()
            .Budget("年度资金总额", 100m, 95m, 95.00m, initial: 100m, points: 5m, score: 4.75m)
            .Level1("产出指标", 55m).Row("数量指标", "建设数量", "≥5个", "5个", 55m, 55m)
            .Level1("效益指标", 30m).Row("社会效益指标", "受益人数", "≥100人", "120人", 30m, 30m)
            .Level1("满意度指标", 10m).Row("服务对象满意度指标", "满意度", "≥90%", "95%", 10m, 10m)
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal(new int?[] { 20, 7 }, findings.Select(f => f.Line));
        Assert.Equal(5.0, findings[1].Evidence["points"], 6);
        Assert.Equal(10.0, findings[1].Evidence["expected"], 6);
    }

    [Fact]
    public void Evaluate_FormMatchingSecondConfiguredScheme_NoFinding()
    {
        var rule = new LevelOneWeightMismatch(new LevelOneWeightMismatch.Settings
        {
            Schemes =
            [
                .. LevelOneWeightMismatch.DefaultSchemes,
                new("SC-DEPT", FormKind.DepartmentOverall, new Dictionary<string, decimal>
                {
                    ["部门决策"] = 25m, ["综合管理"] = 30m, ["部门绩效情况"] = 45m,
                }),
            ],
        });
        var form = FormBuilder.Department()
            .Level1("部门决策", 25m).Row("目标设定", null, null, null, 25m, 25m)
            .Level1("综合管理", 30m).Row("预算管理", null, null, null, 30m, 30m)
            .Level1("部门绩效情况", 45m).Row("履职成效", null, null, null, 45m, 45m)
            .Build();

        Assert.Empty(RuleAssert.Run(rule, form));
    }

    [Fact]
    public void Catalog_SchemesFromSettingsJson_ReplaceTheDefaults()
    {
        var catalog = RuleCatalog.Create("""
            { "Rules": { "S1": { "Schemes": [
              { "Id": "ONE-BLOCK", "FormKind": "DepartmentOverall", "Weights": { "产出指标": 100 } } ] } } }
            """, "rules.json");
        var rule = catalog.Rules.Single(r => r.Info.Code == "S1");
        var form = Department(30m, 25m, 35m, 10m).Build();

        var findings = RuleAssert.Run(rule, form);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("scheme:ONE-BLOCK", f.Evidence.Keys));
    }

    [Fact]
    public void Constructor_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LevelOneWeightMismatch(new LevelOneWeightMismatch.Settings
        {
            Schemes = [new("BAD", FormKind.Project, new Dictionary<string, decimal> { ["产出指标"] = -1m })],
        }));
    }
}
