using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>The reference form read cell by cell: what issue #2 says a supervisor must get back.</summary>
public class ReferenceFormTests
{
    private static readonly EvaluationForm Form = FormReader.Read(TestData.ReferencePath);

    [Fact]
    public void Header_IdentifiesUnitYearAndKind()
    {
        Assert.Equal("上海市闵行区虹桥镇城市运行管理中心", Form.UnitName);
        Assert.Equal(2024, Form.Year);
        Assert.Equal(FormKind.DepartmentOverall, Form.Kind);
        Assert.Null(Form.ProjectName);
        Assert.Equal("元", Form.AmountUnit);
    }

    [Fact]
    public void Indicators_Are62RowsInFourLevel1BlocksAfterFrameworkAssignment()
    {
        var blocks = Form.Indicators.GroupBy(r => r.Level1)
            .Select(g => (Name: g.Key, Rows: g.Count(), Points: g.Sum(r => r.Points!.Value),
                Score: g.Sum(r => r.Score!.Value), Weight: g.Select(r => r.Level1Weight).Distinct().Single()))
            .ToList();

        Assert.Equal(62, Form.Indicators.Count);
        Assert.Equal(["投入管理指标", "产出指标", "效益指标", "满意度指标"], blocks.Select(b => b.Name));
        Assert.Equal([7, 39, 15, 1], blocks.Select(b => b.Rows));
        Assert.Equal([30m, 25m, 35m, 10m], blocks.Select(b => b.Points));
        Assert.Equal([30.00m, 24.99m, 35.00m, 10.00m], blocks.Select(b => b.Score));
        Assert.Equal([30m, 25m, 35m, 10m], blocks.Select(b => b.Weight!.Value));
    }

    [Fact]
    public void QuantityRowsAbovePageBreak_BelongToOutputBlock_AndTheInferenceIsRecorded()
    {
        var quantityAboveBreak = Form.Indicators.Where(r => r.Line is >= 22 and <= 39).ToList();

        Assert.Equal(18, quantityAboveBreak.Count);
        Assert.All(quantityAboveBreak, r =>
        {
            Assert.Equal("产出指标", r.Level1);
            Assert.Equal(Level1Basis.Framework, r.Level1Basis);
            Assert.Equal("数量指标", r.Level2);
        });
        var inference = Assert.Single(Form.Notes, n => n.Kind == NoteKind.Inference);
        Assert.Equal(22, inference.Line);
        Assert.Contains("lines 22-39", inference.Text, StringComparison.Ordinal);
        Assert.Contains("line 41", inference.Text, StringComparison.Ordinal);
        Assert.Equal(Level1Basis.Label, Form.Indicators.Single(r => r.Line == 41).Level1Basis);
    }

    [Fact]
    public void MergedRegulationNote_IsKeptAsRemarkNotAsIndicatorName()
    {
        var remark = Assert.Single(Form.Notes, n => n.Kind == NoteKind.Remark);
        Assert.Equal("根据沪财绩【2022】13号文的规定要求设置三级指标和指标值", remark.Text);
        Assert.Equal(15, remark.Line);
        var first = Form.Indicators[0];
        Assert.Null(first.Name);
        Assert.Equal("预算编审管理", first.DisplayName);
        Assert.Equal(ValueKind.Empty, first.Target.Kind);
    }

    [Fact]
    public void Totals_AreReadAsFiledNotRecomputed()
    {
        Assert.Equal(100.00m, Form.TotalPoints);
        Assert.Equal(99.99m, Form.TotalScore);
        Assert.Equal(78, Form.TotalLine);
    }

    [Fact]
    public void BudgetBlock_HasFourLinesWithAmountsAndReportedRates()
    {
        Assert.Equal(
            [
                new BudgetLine("资金来源", "财政拨款", "资金来源：（1）财政拨款", null, 56506067.93m, 55870696.30m, 98.87m, null, null, 7),
                new BudgetLine("资金来源", "其他资金", "（2）其他资金", null, 0.00m, 0.00m, 0.00m, null, null, 8),
                new BudgetLine("资金结构", "基本支出", "资金结构：（1）基本支出", null, 7116800.00m, 6906526.82m, 97.04m, null, null, 9),
                new BudgetLine("资金结构", "项目支出", "（2）项目支出", null, 49389267.93m, 48964169.48m, 99.13m, null, null, 10),
            ],
            Form.BudgetLines);
    }

    [Fact]
    public void SuspiciousCells_AreKeptExactlyAsFiled()
    {
        IndicatorRow At(int line) => Form.Indicators.Single(r => r.Line == line);

        // PDA shortfall 274 of 331 with a 0.01 deduction.
        Assert.Equal((331m, 274m, 0.50m, 0.49m), (At(34).Target.Value!.Value, At(34).Actual.Value!.Value,
            At(34).Points!.Value, At(34).Score!.Value));
        Assert.Equal("根据实际需求配置设备数量", At(34).Explanation);
        // Target without operator, actual six times it.
        Assert.Equal((ComparisonOperator.None, 40.00m, 240.00m), (At(26).Target.Op, At(26).Target.Value!.Value,
            At(26).Actual.Value!.Value));
        // A time of day where a level was meant (a spreadsheet artefact).
        Assert.Equal(("15:01:00", ValueKind.TimeLike), (At(75).Target.Raw, At(75).Target.Kind));
        // A relative target answered with a qualitative phrase.
        Assert.Equal((ValueKind.RelativeChange, -10m, "达成指标"), (At(65).Target.Kind, At(65).Target.Value!.Value,
            At(65).Actual.Raw));
        // The same indicator twice.
        Assert.Equal(At(27).Name, At(39).Name);
    }

    [Fact]
    public void Goals_PlannedAndAchievedTextsAreRead()
    {
        Assert.NotNull(Form.Goals);
        Assert.Equal(12, Form.Goals.Line);
        Assert.StartsWith("紧紧围绕镇党委", Form.Goals.Planned, StringComparison.Ordinal);
        Assert.Equal(Form.Goals.Planned, Form.Goals.Achieved);
    }
}
