using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>The form's overall budget figures: A0 (年初预算数), A (全年预算数), B (全年执行数).</summary>
/// <param name="InitialBudget">A0, when the form has it (project forms).</param>
/// <param name="AnnualBudget">A.</param>
/// <param name="Executed">B.</param>
/// <param name="Line">The line the figures come from (the total line, or the first line summed).</param>
/// <param name="Basis">Which lines: a 年度资金总额 line, or the sum of the funding-source lines.</param>
public sealed record Budget(decimal? InitialBudget, decimal AnnualBudget, decimal Executed, int Line, string Basis)
{
    /// <summary>B/A as a fraction, or null when A is 0.</summary>
    public double? ExecutionRate => AnnualBudget == 0m ? null : (double)(Executed / AnnualBudget);

    /// <summary>
    /// The overall figures: the 年度资金总额 (or 合计/总额) line when the form has one; otherwise the sum of the
    /// first group of lines (资金来源: 财政拨款 + 其他资金), which is how department-wide forms state the whole.
    /// </summary>
    public static Budget? Of(EvaluationForm form)
    {
        var lines = form.BudgetLines;
        var total = lines.FirstOrDefault(b => IsTotal(b.Category) && b.AnnualBudget is not null && b.Executed is not null);
        if (total is not null)
        {
            return new Budget(total.InitialBudget, total.AnnualBudget!.Value, total.Executed!.Value, total.Line,
                total.Category);
        }

        var firstGroup = lines.Count > 0 ? lines[0].Group : null;
        var group = lines.Where(b => b.Group == firstGroup && b.AnnualBudget is not null && b.Executed is not null)
            .ToList();
        if (group.Count == 0)
        {
            return null;
        }

        decimal? initial = group.All(b => b.InitialBudget is not null) ? group.Sum(b => b.InitialBudget!.Value) : null;
        return new Budget(initial, group.Sum(b => b.AnnualBudget!.Value), group.Sum(b => b.Executed!.Value),
            group[0].Line, firstGroup is null ? "合计" : $"{firstGroup}合计");
    }

    /// <summary>True for the label of a totals line (年度资金总额, 合计, 总额, 总计).</summary>
    public static bool IsTotal(string category) =>
        category.Contains("总额", StringComparison.Ordinal) || category.Contains("合计", StringComparison.Ordinal)
        || category.Contains("总计", StringComparison.Ordinal);
}
