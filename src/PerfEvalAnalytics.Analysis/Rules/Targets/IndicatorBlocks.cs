using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>Which level-1 block (一级指标) a row belongs to, by the normalised label.</summary>
internal static class IndicatorBlocks
{
    private const string Satisfaction = "满意度";

    /// <summary>产出指标 (also 项目产出 and similar labels).</summary>
    public static bool IsOutput(IndicatorRow row) => row.Level1.Contains("产出", StringComparison.Ordinal);

    /// <summary>效益指标 (also 项目效益 …).</summary>
    public static bool IsBenefit(IndicatorRow row) => row.Level1.Contains("效益", StringComparison.Ordinal);

    /// <summary>
    /// A satisfaction row: level-1 满意度指标, or a 二级/三级指标 named …满意度… (older project templates put
    /// 服务对象满意度指标 under 效益指标).
    /// </summary>
    public static bool IsSatisfaction(IndicatorRow row) =>
        row.Level1.Contains(Satisfaction, StringComparison.Ordinal)
        || (row.Level2?.Contains(Satisfaction, StringComparison.Ordinal) ?? false)
        || (row.Name?.Contains(Satisfaction, StringComparison.Ordinal) ?? false);

    /// <summary>
    /// The value of a percent cell: a cell written with %, or a bare number when the other cell of the row (the
    /// target for an actual) is in percent, e.g. target ≥90%, actual 96.5.
    /// </summary>
    public static decimal? Percent(ParsedValue cell, ParsedValue other) => cell switch
    {
        { Kind: ValueKind.Percent, Value: { } v } => v,
        { Kind: ValueKind.Numeric, Unit: null, Value: { } v } when other.Kind == ValueKind.Percent => v,
        _ => null,
    };
}
