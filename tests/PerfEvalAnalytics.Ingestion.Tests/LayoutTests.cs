using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

public class LayoutTests
{
    [Fact]
    public void Level1LabelsAtTopOfBlocks_AreCarriedDownWithoutInference()
    {
        var form = FormReader.Read(TestData.ExamplePath);

        Assert.DoesNotContain(form.Notes, n => n.Kind == NoteKind.Inference);
        Assert.DoesNotContain(form.Indicators, r => r.Level1Basis == Level1Basis.Framework);
        Assert.Equal([3, 5, 3, 1], form.Indicators.GroupBy(r => r.Level1).Select(g => g.Count()));
    }

    [Fact]
    public void QuotedCellWithLineBreak_IsOneCell_AndLaterRowsKeepTheirSourceLines()
    {
        var form = FormReader.Read(TestData.ExamplePath);

        var bins = form.Indicators.Single(r => r.Name == "分类垃圾桶配置数");
        Assert.Equal("部分小区改造延期，\n桶站配置顺延至次年一季度", bins.Explanation);
        Assert.Equal(18, bins.Line);
        // The quoted cell spans lines 18-19 and a blank page-break line follows at 20.
        Assert.Equal(21, form.Indicators.Single(r => r.Name == "道路保洁达标率").Line);
    }

    [Fact]
    public void Level1LabelMidBlock_FrameworkWinsOnlyWhenItsLabelExistsInTheForm()
    {
        // 社会效益指标 under a carried 产出指标 stays there when the form has no 效益指标 block at all:
        // nothing to move it to, and no inference is invented.
        var text = string.Join('\n',
            "项目支出绩效自评表", "（2023年度）", "项目名称\t示例项目", "主管部门\t示例局\t实施单位\t示例中心（示例）",
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
            "产出指标\t数量指标\t示例数量\t≥10个\t10个\t50\t50\t",
            "\t社会效益指标\t示例效益\t提升\t提升\t50\t50\t",
            "总分\t\t\t\t\t100\t100\t");

        var form = FormRecognizer.Recognize(TsvGridReader.Read(text), new SourceInfo("p.txt", "", "utf-8"));

        Assert.Equal(FormKind.Project, form.Kind);
        Assert.Equal("示例项目", form.ProjectName);
        Assert.Equal("示例中心（示例）", form.UnitName);
        Assert.All(form.Indicators, r => Assert.Equal("产出指标", r.Level1));
        Assert.Empty(form.Notes);
    }
}
