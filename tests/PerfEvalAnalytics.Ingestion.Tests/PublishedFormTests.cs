using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>Forms published by units in other provinces (data/samples/published, see SOURCES.md there).</summary>
public class PublishedFormTests
{
    private static EvaluationForm Published(string prefix) =>
        FormReader.Read(Directory.EnumerateFiles(Path.Combine(TestData.Samples, "published"), prefix + "_*.tsv").Single());

    [Fact]
    public void Parse_TruncatedCopy_IsReadWithWhatItHoldsAndMarkedIncompleteWithTheReason()
    {
        var form = Published("12");

        Assert.True(form.IsIncomplete);
        Assert.Contains("line 20", form.IncompleteReason, StringComparison.Ordinal);
        Assert.Contains("#TRUNCATED", form.IncompleteReason, StringComparison.Ordinal);
        Assert.Contains("总分", form.IncompleteReason, StringComparison.Ordinal);
        Assert.Equal(8, form.Indicators.Count);
        Assert.Null(form.TotalPoints);
        Assert.Equal("金寨县茶谷和美丽乡村建设服务中心", form.UnitName);
        Assert.Equal(FormKind.DepartmentOverall, form.Kind);
    }

    [Fact]
    public void Parse_CompleteForms_AreNotMarkedIncomplete()
    {
        foreach (var prefix in new[] { "19", "23", "26", "33" })
        {
            var form = Published(prefix);
            Assert.False(form.IsIncomplete, prefix);
            Assert.Null(form.IncompleteReason);
        }
    }

    [Fact]
    public void Parse_NumberedIndicatorNames_LoseThePrefixAndKeepTheRawText()
    {
        var row = Published("12").Indicators[0];

        Assert.Equal("开展精品示范村建设数量", row.Name);
        Assert.Equal("指标1:开展精品示范村建设数量", row.NameAsFiled);
        Assert.Equal("≤4", row.Target.Raw);
        Assert.Equal(ComparisonOperator.LessOrEqual, row.Target.Op);
        Assert.Equal(ValueKind.TimeLike, Published("12").Indicators.Single(r => r.Target.Raw == "9月前").Target.Kind);
    }

    [Fact]
    public void Parse_YunnanSplitTarget_JoinsOperatorValueAndUnitAndNormalisesTheOperator()
    {
        var form = Published("26");

        var pupils = form.Indicators.Single(r => r.Name == "学生受资助人数");
        Assert.Equal("≧735人次", pupils.Target.Raw);
        Assert.Equal(ComparisonOperator.GreaterOrEqual, pupils.Target.Op);
        Assert.Equal(735m, pupils.Target.Value);
        Assert.Equal("人次", pupils.Target.Unit);
        Assert.Equal("735", pupils.Actual.Raw);

        var cost = form.Indicators.Single(r => r.Name == "生均补助标准达标率");
        Assert.Equal("═100%", cost.Target.Raw);
        Assert.Equal(ComparisonOperator.Equal, cost.Target.Op);
        Assert.Equal(ValueKind.Percent, cost.Target.Kind);

        Assert.Equal("有效", form.Indicators.Single(r => r.Level2 == "经济效益指标").Target.Raw);
        Assert.Equal(9, form.Indicators.Count);
        Assert.Equal((100m, 96m), (form.TotalPoints!.Value, form.TotalScore!.Value));
        Assert.Equal("优", form.Grade);
        Assert.Equal("永德县明朗中学", form.UnitName);
        Assert.Equal("元", form.AmountUnit);
    }

    [Fact]
    public void Parse_UnitNameBrokenOverTwoLines_IsStoredWithoutTheBreakSpace()
    {
        var form = Published("33");

        Assert.Equal("上海市普陀区体育事业管理中心", form.UnitName);
        Assert.Equal("普陀体育中心与委托运营方结算费用", form.ProjectName);
        Assert.Equal(2022, form.Year);
    }

    [Fact]
    public void Parse_ProjectForm_TakesTheImplementingUnitAndTheYearFromAnUnbalancedTitle()
    {
        var ezhou = Published("19");
        var jishan = Published("23");

        Assert.Equal(("市财政局", 2019), (ezhou.UnitName, ezhou.Year));
        Assert.Equal("稷山县医疗保险服务中心", jishan.UnitName);
        Assert.Equal(50m, jishan.Indicators[0].Level1Weight);
    }

    [Theory]
    [InlineData("上海市普陀区体育 事业管理中心", "上海市普陀区体育事业管理中心")]
    [InlineData("示例 Center 中心", "示例 Center 中心")]
    [InlineData("年度 总体 目标", "年度总体目标")]
    [InlineData("  普陀区 ", "普陀区")]
    public void JoinBreaks_DropsSpacesOnlyBetweenChineseCharacters(string filed, string expected) =>
        Assert.Equal(expected, Labels.JoinBreaks(filed));
}

public class HeaderSynonymTests
{
    [Theory]
    [InlineData("全年完成值", "偏差及原因分析")]
    [InlineData("实际完成值", "偏差原因分析及改进措施")]
    [InlineData("实际 完成值", "偏差原因及改进措施")]
    [InlineData("\"实际\n完成值\"", "偏差原因分析及 改进措施")]
    public void Recognize_HeaderSynonyms_MapToTheSameColumns(string actualLabel, string explanationLabel)
    {
        var text = string.Join('\n',
            "项目支出绩效自评表", "（2023年度）", "项目名称\t示例项目", "主管部门\t示例局\t实施单位\t示例中心",
            $"一级指标\t二级指标\t三级指标\t年度 指标值\t{actualLabel}\t分值\t得分\t{explanationLabel}",
            "产出指标\t数量指标\t指标1：示例数量\t≥10个\t9个\t50\t45\t天气原因",
            "满意度指标\t服务对象满意度指标\t示例满意度\t≥90％\t95%\t50\t50\t",
            "总分\t\t\t\t\t100\t95\t");

        var form = FormRecognizer.Recognize(TsvGridReader.Read(text), new Domain.SourceInfo("p.txt", "", "utf-8"));

        var first = form.Indicators[0];
        Assert.Equal(("示例数量", "9个", "天气原因"), (first.Name, first.Actual.Raw, first.Explanation));
        Assert.Equal("指标1：示例数量", first.NameAsFiled);
        Assert.Equal(Domain.ValueKind.Percent, form.Indicators[1].Target.Kind);
    }
}
