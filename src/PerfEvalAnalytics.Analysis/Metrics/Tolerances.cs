namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>Tolerances shared by several rules (RULES.md §6).</summary>
public static class Tolerances
{
    /// <summary>ε = 0.01 point: scores are filed with two decimals, rounded or truncated (RULES.md §1.3, §6).</summary>
    public const decimal Score = 0.01m;

    /// <summary>Half a cent of a point: a score this close to the 分值 is "full marks".</summary>
    public const decimal FullMarks = 0.005m;
}
