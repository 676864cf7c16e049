using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S6 预算执行率得分与执行率不符: the 得分 of the 预算执行率 item differs from 分值 × min(B/A, 1).
/// </summary>
/// <remarks>
/// Applies to every budget line that carries both a 分值 and a 得分 (on project forms, the 年度资金总额 line);
/// department-wide forms have none. A line with A = 0 has no execution rate and is left to S8.
/// </remarks>
public sealed class ExecutionScoreMismatch(ExecutionScoreMismatch.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">ε on the score, in points (RULES.md §6: 0.01 pt; covers rounding and truncation).</param>
    /// <param name="CapAtFull">Cap the rate at 100% (RULES.md §6 execution-score rule w_b × min(B/A, 1)); false
    /// scores B/A uncapped, as the pmkpi SQL does.</param>
    public sealed record Settings(decimal Tolerance = 0.01m, bool CapAtFull = true);

    public static RuleInfo Rule { get; } = new("S6", "预算执行率得分与执行率不符",
        "Execution score inconsistent with the execution rate", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var line in form.BudgetLines)
        {
            if (line is not { Points: { } points, Score: { } score, AnnualBudget: > 0m, Executed: { } executed })
            {
                continue;
            }

            var rate = executed / line.AnnualBudget.Value;
            var scoredRate = _settings.CapAtFull ? Math.Min(rate, 1m) : rate;
            var expected = points * scoredRate;
            var difference = score - expected;
            // A score filed as a whole number (6 for 5.96, 9 for 9.91) was rounded or truncated to the precision
            // it was filed with: that passes, whatever ε is; rounding up (10 for 9.1) does not.
            var tolerance = _settings.Tolerance;
            if (Math.Abs(difference) <= tolerance || FiledPrecision.IsRoundedOrTruncated(score, expected))
            {
                continue;
            }

            var formula = _settings.CapAtFull ? "分值 × min(执行率, 100%)" : "分值 × 执行率";
            yield return Finding.ForForm(Rule, Severity.High, form, line.Line,
                $"{line.Category}得分 {score}，按 {formula} = {points} × {scoredRate * 100m:0.####}% 应为 {expected:0.####}，差 {difference:0.####}（执行率 = 全年执行数/全年预算数 = {executed}/{line.AnnualBudget}；容差 {tolerance}）",
                $"{line.Category}: 得分 {score} but {formula} = {points} × {scoredRate * 100m:0.####}% = {expected:0.####}, off by {difference:0.####} (rate = B/A = {executed}/{line.AnnualBudget}; tolerance {tolerance})",
                [
                    new("A", (double)line.AnnualBudget.Value), new("B", (double)executed), new("rate", (double)rate),
                    new("points", (double)points), new("score", (double)score), new("expectedScore", (double)expected),
                    new("difference", (double)difference), new("tolerance", (double)tolerance),
                ]);
        }
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        return settings;
    }
}
