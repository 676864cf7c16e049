using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S8 执行数大于预算数: a budget line's 全年执行数 exceeds its 全年预算数 (B &gt; A × (1 + slack)), or money was spent on
/// a line with no budget (A = 0, B &gt; 0).
/// </summary>
/// <remarks>
/// High when the form's 预算执行率 得分 exceeds its 分值 (an uncapped B/A has lifted the score); Medium otherwise,
/// including every department-wide form, which scores no budget line.
/// </remarks>
public sealed class ExecutionAboveBudget(ExecutionAboveBudget.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Slack">Relative amount B may exceed A by before it counts (RULES.md §3 S8: 0.0001, i.e. r &gt; 100%).</param>
    /// <param name="ScoreTolerance">ε by which the execution 得分 may exceed its 分值 before the finding is High
    /// (RULES.md §6: 0.01 pt).</param>
    public sealed record Settings(decimal Slack = 0.0001m, decimal ScoreTolerance = 0.01m);

    public static RuleInfo Rule { get; } = new("S8", "执行数大于预算数", "Execution above budget", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var fund = IntegrityForms.ScoredFundLine(form);
        var scoreAbove = fund is { Points: { } p, Score: { } s } && s > p + _settings.ScoreTolerance;
        var severity = scoreAbove ? Severity.High : Severity.Medium;
        foreach (var line in form.BudgetLines)
        {
            if (line is not { AnnualBudget: { } a, Executed: { } b } || b <= a * (1m + _settings.Slack) || b <= 0m)
            {
                continue;
            }

            var evidence = new List<KeyValuePair<string, double>>
            {
                new("A", (double)a), new("B", (double)b), new("excess", (double)(b - a)),
                new("slack", (double)_settings.Slack),
            };
            if (a > 0m)
            {
                evidence.Add(new("rate", (double)(b / a)));
            }

            if (fund is { Points: { } fp, Score: { } fs })
            {
                evidence.AddRange([new("fundPoints", (double)fp), new("fundScore", (double)fs)]);
            }

            var scoreNote = scoreAbove
                ? Finding.Invariant($"；预算执行得分 {fund!.Score} 已超过分值 {fund.Points}")
                : string.Empty;
            var scoreNoteEn = scoreAbove
                ? Finding.Invariant($"; the execution 得分 {fund!.Score} exceeds its 分值 {fund.Points}")
                : string.Empty;
            yield return a > 0m
                ? Finding.ForForm(Rule, severity, form, line.Line,
                    $"{line.Category}全年执行数 {b:#,0.00} 大于全年预算数 {a:#,0.00}，执行率 {b / a * 100m:0.##}% 超过 100%（容差 {_settings.Slack * 100m}%）{scoreNote}",
                    $"{line.Category}: executed {b:#,0.00} exceeds the annual budget {a:#,0.00}, rate {b / a * 100m:0.##}% above 100% (slack {_settings.Slack * 100m}%){scoreNoteEn}",
                    evidence)
                : Finding.ForForm(Rule, severity, form, line.Line,
                    $"{line.Category}全年预算数为 0，全年执行数却为 {b:#,0.00}{scoreNote}",
                    $"{line.Category}: annual budget is 0 but {b:#,0.00} was executed{scoreNoteEn}",
                    evidence);
        }
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Slack);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.ScoreTolerance);
        return settings;
    }
}
