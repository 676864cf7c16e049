namespace PerfEvalAnalytics.Ingestion;

/// <summary>The meaning of a column of the indicator table.</summary>
public enum IndicatorColumn
{
    Level1,
    Weight,
    Level2,
    Name,
    Target,

    /// <summary>指标性质: the target's comparison operator in its own column (Yunnan layout: ≧ | 735 | 人次).</summary>
    TargetOperator,

    /// <summary>度量单位: the target's unit of measure in its own column.</summary>
    TargetUnit,
    Actual,
    Points,
    Score,
    Explanation,
}
