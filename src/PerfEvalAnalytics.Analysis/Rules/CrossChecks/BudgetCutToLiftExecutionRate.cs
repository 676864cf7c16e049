using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.CrossChecks;

/// <summary>
/// X2 调减全年预算以抬高执行率: 全年预算数 was cut well below 年初预算数, so that B/A looks complete although B/A0
/// (spending against the original budget) is low.
/// </summary>
/// <remarks>
/// The execution-rate score rewards B/A, so the denominator is the cheapest lever (threshold effect, Bevan &amp; Hood).
/// Cutting a budget mid-year is legitimate; the rule is a review prompt, hence Low.
/// </remarks>
public sealed class BudgetCutToLiftExecutionRate(BudgetCutToLiftExecutionRate.Settings settings) : IFormRule
{
    /// <param name="CutRatio">A below this multiple of A0 is a mid-year cut (RULES.md §3 X2: A &lt; 0.8 × A0).</param>
    /// <param name="MinExecutionRate">B/A at or above this looks complete (X2: ≥ 0.95).</param>
    /// <param name="MaxRateOnInitial">B/A0 below this is low spending against the original budget (X2: &lt; 0.8).</param>
    public sealed record Settings(
        decimal CutRatio = 0.8m,
        decimal MinExecutionRate = 0.95m,
        decimal MaxRateOnInitial = 0.8m);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("X2", "调减全年预算以抬高执行率", "Budget cut mid-year to lift the execution rate", "X");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var budget = Budget.Of(form);
        if (budget is not { InitialBudget: > 0m, AnnualBudget: > 0m })
        {
            yield break;
        }

        var a0 = budget.InitialBudget.Value;
        var a = budget.AnnualBudget;
        var b = budget.Executed;
        var rate = b / a;
        var rateOnInitial = b / a0;
        if (a >= _settings.CutRatio * a0 || rate < _settings.MinExecutionRate
            || rateOnInitial >= _settings.MaxRateOnInitial)
        {
            yield break;
        }

        yield return Finding.ForForm(Rule, Severity.Low, form, budget.Line,
            $"全年预算数 {a} 仅为年初预算数 {a0} 的 {a / a0 * 100:0.##}%（阈值 < {_settings.CutRatio * 100:0.##}%）；按全年预算数计执行率 {rate * 100:0.##}%（≥ {_settings.MinExecutionRate * 100:0.##}%），按年初预算数计仅 {rateOnInitial * 100:0.##}%（< {_settings.MaxRateOnInitial * 100:0.##}%）：请核实年中调减预算的依据",
            $"Annual budget A = {a} is {a / a0 * 100:0.##}% of the initial budget A0 = {a0} (threshold < {_settings.CutRatio * 100:0.##}%); B/A = {rate * 100:0.##}% (≥ {_settings.MinExecutionRate * 100:0.##}%) but B/A0 = {rateOnInitial * 100:0.##}% (< {_settings.MaxRateOnInitial * 100:0.##}%)",
            [
                new("A0", (double)a0), new("A", (double)a), new("B", (double)b),
                new("budgetRatio", (double)(a / a0)), new("executionRate", (double)rate),
                new("executionRateOnInitial", (double)rateOnInitial), new("cutRatio", (double)_settings.CutRatio),
                new("minExecutionRate", (double)_settings.MinExecutionRate),
                new("maxRateOnInitial", (double)_settings.MaxRateOnInitial),
            ]);
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.CutRatio, nameof(s.CutRatio));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinExecutionRate, nameof(s.MinExecutionRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MaxRateOnInitial, nameof(s.MaxRateOnInitial));
        return s;
    }
}
