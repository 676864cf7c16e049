using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>S5 执行率计算错误: a budget line's reported 执行率 differs from B/A beyond the precision it was filed with.</summary>
/// <remarks>
/// The tolerance follows the reported value's own precision: a rate filed with two decimals may be rounded or
/// truncated (the reference form truncates 98.8755 to 98.87), so anything within 0.01 pp passes; an integer rate
/// within 1 pp. <see cref="Settings.ExtraTolerancePp"/> widens that for regions with other conventions.
/// </remarks>
public sealed class ExecutionRateMismatch(ExecutionRateMismatch.Settings settings) : IFormRule
{
    /// <param name="ExtraTolerancePp">Percentage points added to the filed precision (RULES.md §6: ±0.01 pp).</param>
    public sealed record Settings(decimal ExtraTolerancePp = 0m);

    public static RuleInfo Rule { get; } = new("S5", "执行率计算错误", "Execution rate miscomputed", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var line in form.BudgetLines)
        {
            if (line is not { AnnualBudget: > 0m, Executed: not null, ReportedRate: not null })
            {
                continue;
            }

            var computed = line.Executed.Value / line.AnnualBudget.Value * 100m;
            var reported = line.ReportedRate.Value;
            var precision = FiledPrecision.Step(reported);
            var tolerance = precision + settings.ExtraTolerancePp;
            var difference = Math.Abs(reported - computed);
            // Strictly below one step of the filed precision: both rounding and truncation pass.
            if (difference < tolerance)
            {
                continue;
            }

            yield return Finding.ForForm(Rule, Severity.High, form, line.Line,
                $"{line.Category}执行率填报 {reported}%，按 全年执行数/全年预算数 = {line.Executed}/{line.AnnualBudget} 计算应为 {computed:0.####}%，差 {difference:0.####} 个百分点（容差 {tolerance} 个百分点）",
                $"{line.Category}: reported execution rate {reported}% but B/A = {line.Executed}/{line.AnnualBudget} = {computed:0.####}%, off by {difference:0.####} pp (tolerance {tolerance} pp)",
                [
                    new("A", (double)line.AnnualBudget.Value), new("B", (double)line.Executed.Value),
                    new("reportedRate", (double)reported), new("computedRate", (double)computed),
                    new("tolerancePp", (double)tolerance),
                ]);
        }
    }

}
