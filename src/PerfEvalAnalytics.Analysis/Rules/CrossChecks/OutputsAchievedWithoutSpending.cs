using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.CrossChecks;

/// <summary>
/// X1 产出满分而执行率低: nearly every 产出指标 row has full marks while little of the budget was spent; or the mirror
/// case, the whole budget spent while most 产出指标 rows missed their targets.
/// </summary>
/// <remarks>
/// 全年执行数 comes from the accounts and is the "hard" series (Wallace 2016, juking the stats); 产出 scores are
/// self-assessed. The two should move together: outputs cannot all be delivered with most of the money unspent, and
/// money fully spent should have bought most of the outputs.
/// </remarks>
public sealed class OutputsAchievedWithoutSpending(OutputsAchievedWithoutSpending.Settings settings) : IFormRule
{
    /// <summary>The 一级指标 whose rows are compared with the money (as the parser normalises it).</summary>
    private const string OutputLevel1 = "产出指标";

    /// <param name="LowExecutionRate">B/A below this is "money not spent" (RULES.md §3 X1: 0.6).</param>
    /// <param name="FullMarksShare">Share of 产出 rows at full marks that counts as "fully achieved" (X1: ≥ 0.9).</param>
    /// <param name="HighExecutionRate">B/A at or above this is "money fully spent" for the mirror case (X1: 0.99).</param>
    /// <param name="MissedShare">Share of 产出 rows missed, strictly above which "most" rows missed (X1: &gt; 0.5).</param>
    /// <param name="MinOutputRows">Fewest scored 产出 rows for the shares to mean anything ([D]: 3).</param>
    public sealed record Settings(
        double LowExecutionRate = 0.6,
        double FullMarksShare = 0.9,
        double HighExecutionRate = 0.99,
        double MissedShare = 0.5,
        int MinOutputRows = 3);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("X1", "产出满分而执行率低", "Outputs fully achieved while money was not spent", "X");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var budget = Budget.Of(form);
        if (budget?.ExecutionRate is not { } rate)
        {
            yield break;
        }

        var outputs = form.Indicators
            .Where(r => r is { Level1: OutputLevel1, Points: > 0m, Score: not null })
            .Select(RowAssessment.Of)
            .ToList();
        var n = outputs.Count;
        if (n < _settings.MinOutputRows)
        {
            yield break;
        }

        var full = outputs.Count(a => a.FullMarks);
        var missed = outputs.Count(a => a.Outcome == RowOutcome.Missed);
        var fullShare = (double)full / n;
        var missedShare = (double)missed / n;
        KeyValuePair<string, double>[] evidence =
        [
            new("A", (double)budget.AnnualBudget), new("B", (double)budget.Executed), new("executionRate", rate),
            new("outputRows", n), new("fullMarksRows", full), new("fullMarksShare", fullShare),
            new("missedRows", missed), new("missedShare", missedShare),
        ];

        if (rate < _settings.LowExecutionRate && fullShare >= _settings.FullMarksShare)
        {
            yield return Finding.ForForm(Rule, Severity.Medium, form, budget.Line,
                $"执行率（全年执行数/全年预算数）{budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.##}%，低于 {_settings.LowExecutionRate * 100:0.##}%，但产出指标 {n} 行中 {full} 行得分等于分值（{fullShare * 100:0.#}%，阈值 ≥ {_settings.FullMarksShare * 100:0.#}%）：资金大部分未支出，产出却近乎全部满分",
                $"Execution rate B/A = {budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.##}% is below {_settings.LowExecutionRate * 100:0.##}%, yet {full} of {n} output rows have full marks ({fullShare * 100:0.#}%, threshold ≥ {_settings.FullMarksShare * 100:0.#}%)",
                [.. evidence, new("lowExecutionRate", _settings.LowExecutionRate),
                    new("fullMarksShareThreshold", _settings.FullMarksShare)]);
        }
        else if (rate >= _settings.HighExecutionRate && missedShare > _settings.MissedShare)
        {
            yield return Finding.ForForm(Rule, Severity.Medium, form, budget.Line,
                $"执行率（全年执行数/全年预算数）{budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.##}%（≥ {_settings.HighExecutionRate * 100:0.##}%），但产出指标 {n} 行中 {missed} 行全年完成值未达年度指标值（{missedShare * 100:0.#}%，阈值 > {_settings.MissedShare * 100:0.#}%）：资金已全部支出，产出却多数未完成",
                $"Execution rate B/A = {budget.Executed}/{budget.AnnualBudget} = {rate * 100:0.##}% (≥ {_settings.HighExecutionRate * 100:0.##}%), yet {missed} of {n} output rows missed their targets ({missedShare * 100:0.#}%, threshold > {_settings.MissedShare * 100:0.#}%)",
                [.. evidence, new("highExecutionRate", _settings.HighExecutionRate),
                    new("missedShareThreshold", _settings.MissedShare)]);
        }
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.LowExecutionRate, nameof(s.LowExecutionRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.LowExecutionRate, s.HighExecutionRate,
            nameof(s.LowExecutionRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.FullMarksShare, nameof(s.FullMarksShare));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.FullMarksShare, 1, nameof(s.FullMarksShare));
        ArgumentOutOfRangeException.ThrowIfNegative(s.MissedShare, nameof(s.MissedShare));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(s.MissedShare, 1, nameof(s.MissedShare));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinOutputRows, nameof(s.MinOutputRows));
        return s;
    }
}
