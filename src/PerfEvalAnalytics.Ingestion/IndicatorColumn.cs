namespace PerfEvalAnalytics.Ingestion;

/// <summary>The meaning of a column of the indicator table.</summary>
public enum IndicatorColumn
{
    Level1,
    Weight,
    Level2,
    Name,
    Target,
    Actual,
    Points,
    Score,
    Explanation,
}
