namespace PerfEvalAnalytics.Domain;

/// <summary>One row of the budget block (整体支出规模 / 项目资金).</summary>
/// <param name="Group">The group label carried down from a merged cell, e.g. 资金来源 or 资金结构; null when none.</param>
/// <param name="Category">The row's own label without numbering, e.g. 财政拨款, 基本支出, 年度资金总额.</param>
/// <param name="RawLabel">The label cell exactly as filed, e.g. <c>资金来源：（1）财政拨款</c>.</param>
/// <param name="InitialBudget">年初预算数 (project forms), in <see cref="EvaluationForm.AmountUnit"/>.</param>
/// <param name="AnnualBudget">全年预算数 (A).</param>
/// <param name="Executed">全年执行数 (B).</param>
/// <param name="ReportedRate">执行率 as reported, in percent (98.87 means 98.87%).</param>
/// <param name="Points">分值 of the execution-rate item (project forms).</param>
/// <param name="Score">得分 of the execution-rate item (project forms).</param>
/// <param name="Line">1-based source line (or grid row) of this row.</param>
public sealed record BudgetLine(
    string? Group,
    string Category,
    string RawLabel,
    decimal? InitialBudget,
    decimal? AnnualBudget,
    decimal? Executed,
    decimal? ReportedRate,
    decimal? Points,
    decimal? Score,
    int Line);
