using PerfEvalAnalytics.Analysis.Rules.Values;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Values;

public sealed class Q2Tests
{
    private static readonly SpreadsheetArtefact Rule = new(new SpreadsheetArtefact.Settings());

    [Fact]
    public void Evaluate_ClockTimeTargetForNonTimeIndicator_ReturnsHighFindingWithDayFraction()
    {
        var form = FormBuilder.Department().Row("社会效益指标", "社会前端管理绩效水平", "15:01:00", "达成指标", 2m, 2m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q2", Severity.High, 20);

        Assert.Equal(54060 / 86400.0, finding.Evidence["targetDayFraction"], 9);
        Assert.Contains("0.6257", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FullDateActual_ReturnsFindingWithExcelSerial()
    {
        var form = FormBuilder.Department().Row("质量指标", "设备完好率", "≥95%", "2024/1/1", 1m, 1m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q2", Severity.High, 20);

        Assert.Equal(45292, finding.Evidence["actualExcelSerial"]);
    }

    [Fact]
    public void Evaluate_DateSerialTargetForRatioWithNormalActual_ReturnsFinding()
    {
        var form = FormBuilder.Department().Row("质量指标", "验收合格率", "45293", "100.00(%)", 1m, 1m).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, form), "Q2", Severity.High, 20);

        Assert.Equal(45293, finding.Evidence["targetExcelSerial"]);
        Assert.Contains("2024-01-02", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("平台上线时间", "12:00", "达成指标")] // a time is what this indicator asks for
    [InlineData("项目完成时限", "2024-06-30", "2024-06-28")]
    [InlineData("整改完成及时性", "9月前", "达成指标")] // hand-written months are not artefacts
    public void Evaluate_TimeValueForTimeIndicator_IsExcluded(string name, string target, string actual)
    {
        var form = FormBuilder.Department().Row("时效指标", name, target, actual, 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Theory]
    [InlineData("验收合格率", "60001", "100.00(%)")] // just above the serial window
    [InlineData("验收合格率", "45293(人)", "100.00(%)")] // a unit: a real count
    [InlineData("验收合格率", "45293", "45300")] // both serial-like: rather a real figure
    [InlineData("培训人数", "45293", "45300(人)")] // not a ratio or time indicator
    public void Evaluate_SerialNearMisses_NoFinding(string name, string target, string actual)
    {
        var form = FormBuilder.Department().Row("数量指标", name, target, actual, 1m, 1m).Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Constructor_SerialMaxBelowMin_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SpreadsheetArtefact(new SpreadsheetArtefact.Settings(SerialMin: 50000, SerialMax: 40000)));
    }
}
