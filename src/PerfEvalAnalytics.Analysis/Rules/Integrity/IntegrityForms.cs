using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>One level-1 block (一级指标) of a form: its name, its stated 权重 and its rows.</summary>
/// <param name="Name">The 一级指标 as the parser normalised it.</param>
/// <param name="Weight">The block's 权重 as filed (the rows' <see cref="IndicatorRow.Level1Weight"/>); null when the form has no 权重 column.</param>
/// <param name="Line">The line that carries the block's label, else its first row.</param>
/// <param name="Rows">The rows the parser assigned to the block, in source order.</param>
internal sealed record Level1Block(string Name, decimal? Weight, int Line, IReadOnlyList<IndicatorRow> Rows)
{
    /// <summary>Σ 分值 of the block's rows (blank 分值 count as 0).</summary>
    public decimal PointsSum => Rows.Sum(r => r.Points ?? 0m);
}

/// <summary>Readings of a form shared by the integrity rules (S1–S10).</summary>
internal static class IntegrityForms
{
    /// <summary>The level-1 blocks in order of first appearance (rows are already assigned by the parser).</summary>
    public static IReadOnlyList<Level1Block> Blocks(EvaluationForm form) => form.Indicators
        .GroupBy(r => r.Level1, StringComparer.Ordinal)
        .Select(g =>
        {
            var rows = g.ToList();
            var labelled = rows.FirstOrDefault(r => r.Level1Basis == Level1Basis.Label) ?? rows[0];
            var weight = labelled.Level1Weight ?? rows.FirstOrDefault(r => r.Level1Weight is not null)?.Level1Weight;
            return new Level1Block(g.Key, weight, labelled.Line, rows);
        })
        .ToList();

    /// <summary>
    /// The budget line that carries the 预算执行率 item's 分值 (project forms: the 年度资金总额 line); the totals line
    /// is preferred when several lines carry a 分值. Null when no line does (department-wide forms).
    /// </summary>
    public static BudgetLine? ScoredFundLine(EvaluationForm form) =>
        form.BudgetLines.FirstOrDefault(b => b.Points is not null && Budget.IsTotal(b.Category))
        ?? form.BudgetLines.FirstOrDefault(b => b.Points is not null);

    /// <summary>Two level-1 names are the same block when they agree after folding (NFKC, letters and digits).</summary>
    public static bool SameName(string a, string b) =>
        string.Equals(Indicators.NormalizeText(a), Indicators.NormalizeText(b), StringComparison.Ordinal);
}
