using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class QualitativeGradeTests
{
    [Theory]
    [InlineData("达成指标", QualitativeGrade.Grade.Achieved)]
    [InlineData("达成年度指标", QualitativeGrade.Grade.Achieved)]
    [InlineData("部分达成年度指标并具有一定效果", QualitativeGrade.Grade.Partly)]
    [InlineData("部分完成", QualitativeGrade.Grade.Partly)]
    [InlineData("未达成年度指标且效果较差", QualitativeGrade.Grade.NotAchieved)]
    [InlineData("基本达成", QualitativeGrade.Grade.Achieved)]
    [InlineData("部分延期", QualitativeGrade.Grade.None)]
    [InlineData("健全", QualitativeGrade.Grade.None)]
    [InlineData("", QualitativeGrade.Grade.None)]
    public void Of_Text_GivesItsBand(string text, QualitativeGrade.Grade expected) =>
        Assert.Equal(expected, QualitativeGrade.Of(text));

    [Theory]
    [InlineData("无", true)]
    [InlineData("无。", true)]
    [InlineData("无偏差。", true)]
    [InlineData(" / ", true)]
    [InlineData("无人机故障导致延期", false)]
    public void IsBlank_Placeholder_IsNoExplanation(string text, bool blank) =>
        Assert.Equal(blank, PerfEvalAnalytics.Analysis.Metrics.Explanations.IsBlank(text));
}
