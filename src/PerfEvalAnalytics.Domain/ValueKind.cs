namespace PerfEvalAnalytics.Domain;

/// <summary>What sort of value a 年度指标值 or 全年完成值 cell holds once parsed.</summary>
public enum ValueKind
{
    /// <summary>The cell is blank.</summary>
    Empty,

    /// <summary>A number with an optional unit of measure, e.g. <c>=125.00(人)</c>, <c>0起</c>.</summary>
    Numeric,

    /// <summary>A number in percent (%, ％ or 百分比), e.g. <c>≥85%</c>.</summary>
    Percent,

    /// <summary>A qualitative phrase such as 及时, 改善, 提升 or 达成指标.</summary>
    Qualitative,

    /// <summary>A change against a base period, e.g. <c>同比下降10%</c>; the number is signed (下降 → negative).</summary>
    RelativeChange,

    /// <summary>A time of day, date, month or year, e.g. <c>15:01:00</c>, <c>9月前</c>, <c>2019年</c>.</summary>
    TimeLike,

    /// <summary>Anything else, e.g. <c>9个居委67小区</c>.</summary>
    Other,
}
