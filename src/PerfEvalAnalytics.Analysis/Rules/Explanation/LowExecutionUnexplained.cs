using System.Text.RegularExpressions;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// E2 预算执行率偏低无说明: the form's 全年执行数/全年预算数 is below the threshold and nothing on the form explains it.
/// </summary>
/// <remarks>
/// The form model has no explanation cell on budget lines (neither form kind prints one), so "an explanation of the
/// rate" is looked for where a unit can write it: a non-blank 偏差及原因分析 on a row about budget execution (its
/// 二级/三级指标 names 执行/预算/资金, e.g. 预算执行管理, 预算执行率), any row explanation or the 全年完成情况 text that
/// names the budget and gives a cause.
/// </remarks>
public sealed class LowExecutionUnexplained(LowExecutionUnexplained.Settings settings) : IFormRule
{
    /// <param name="Threshold">B/A below this is low (RULES.md §6 θ_exec = 0.90, [D]).</param>
    /// <param name="BudgetTerms">Regular expression for words naming the budget (执行/预算/资金/经费/支出).</param>
    /// <param name="CauseTerms">Regular expression for cause terms (RULES.md §3 E3 cause lexicon).</param>
    public sealed record Settings(
        double Threshold = 0.90,
        string BudgetTerms = ExplanationLexicon.Budget,
        string CauseTerms = ExplanationLexicon.Cause);

    private readonly Settings _settings = Validated(settings);
    private readonly Regex _budget = ExplanationLexicon.Compile(settings.BudgetTerms, nameof(Settings.BudgetTerms));
    private readonly Regex _cause = ExplanationLexicon.Compile(settings.CauseTerms, nameof(Settings.CauseTerms));

    public static RuleInfo Rule { get; } = new("E2", "预算执行率偏低无说明", "Low execution rate without explanation", "E");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        if (Budget.Of(form) is not { ExecutionRate: { } rate } budget || rate >= _settings.Threshold || Explained(form))
        {
            yield break;
        }

        yield return Finding.ForForm(Rule, Severity.Medium, form, budget.Line,
            $"{budget.Basis}：全年执行数/全年预算数 = {budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.00}%，低于 {_settings.Threshold * 100:0.##}%，但表内各项偏差及原因分析和全年完成情况均未说明执行率偏低的原因",
            $"{budget.Basis}: executed/budget = {budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.00}%, below {_settings.Threshold * 100:0.##}%, and neither a row explanation nor the achieved-goal text explains the low execution",
            [
                new("A", (double)budget.AnnualBudget), new("B", (double)budget.Executed), new("executionRate", rate),
                new("threshold", _settings.Threshold),
            ]);
    }

    private bool Explained(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (Explanations.IsBlank(row.Explanation))
            {
                continue;
            }

            var aboutBudget = _budget.IsMatch(row.Level2 ?? string.Empty) || _budget.IsMatch(row.Name ?? string.Empty);
            if (aboutBudget || Explains(row.Explanation))
            {
                return true;
            }
        }

        return Explains(form.Goals?.Achieved);
    }

    private bool Explains(string? text) => text is not null && _budget.IsMatch(text) && _cause.IsMatch(text);

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Threshold, nameof(Settings.Threshold));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.Threshold, 1.0, nameof(Settings.Threshold));
        return s;
    }
}
