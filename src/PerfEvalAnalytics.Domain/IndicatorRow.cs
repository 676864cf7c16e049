namespace PerfEvalAnalytics.Domain;

/// <summary>One indicator row of the 分解目标 table.</summary>
/// <param name="Level1">一级指标, normalised (e.g. 产出指标).</param>
/// <param name="Level1Weight">权重 of the level-1 block, read from the row that carries the block's label.</param>
/// <param name="Level1Basis">How <paramref name="Level1"/> was determined.</param>
/// <param name="Level2">二级指标 (carried down from merged cells).</param>
/// <param name="Name">三级指标; null where the row has none (e.g. 投入管理 rows scored at level 2).</param>
/// <param name="Target">年度指标值.</param>
/// <param name="Actual">全年完成值 / 实际完成值.</param>
/// <param name="Points">分值.</param>
/// <param name="Score">得分.</param>
/// <param name="Explanation">偏差及原因分析; null when blank.</param>
/// <param name="Line">1-based source line (or grid row).</param>
public sealed record IndicatorRow(
    string Level1,
    decimal? Level1Weight,
    Level1Basis Level1Basis,
    string? Level2,
    string? Name,
    ParsedValue Target,
    ParsedValue Actual,
    decimal? Points,
    decimal? Score,
    string? Explanation,
    int Line)
{
    /// <summary>The most specific name the row has: 三级指标, else 二级指标.</summary>
    public string DisplayName => Name ?? Level2 ?? Level1;

    /// <summary>
    /// 三级指标 exactly as filed when the reader changed it for <see cref="Name"/> (a numbering prefix such as
    /// <c>指标1:</c> removed); null when <see cref="Name"/> is the cell as filed.
    /// </summary>
    public string? NameAsFiled { get; init; }
}
