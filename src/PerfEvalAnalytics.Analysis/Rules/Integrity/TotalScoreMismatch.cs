using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S4 总分≠各项得分合计: the 总分 row's 得分 differs from Σ row 得分 + Σ budget-line 得分, or its 分值 differs from
/// Σ row 分值 + Σ budget-line 分值.
/// </summary>
/// <remarks>Both columns are reported in one finding, because both concern the same 总分 line.</remarks>
public sealed class TotalScoreMismatch(TotalScoreMismatch.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">Rounding drift allowed on the total, in points (RULES.md §3 S4: 2 × 0.01).</param>
    public sealed record Settings(decimal Tolerance = 0.02m);

    public static RuleInfo Rule { get; } = new("S4", "总分≠各项得分合计", "Total score differs from the sum of its parts", "S");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var sumScore = form.Indicators.Sum(r => r.Score ?? 0m) + form.BudgetLines.Sum(b => b.Score ?? 0m);
        var sumPoints = form.Indicators.Sum(r => r.Points ?? 0m) + form.BudgetLines.Sum(b => b.Points ?? 0m);
        var scoreOff = form.TotalScore is { } s && Math.Abs(s - sumScore) > _settings.Tolerance;
        var pointsOff = form.TotalPoints is { } p && Math.Abs(p - sumPoints) > _settings.Tolerance;
        if (!scoreOff && !pointsOff)
        {
            yield break;
        }

        var parts = new List<string>();
        var partsEn = new List<string>();
        var evidence = new List<KeyValuePair<string, double>> { new("tolerance", (double)_settings.Tolerance) };
        if (scoreOff)
        {
            var total = form.TotalScore!.Value;
            parts.Add(Finding.Invariant(
                $"总分得分 {total}，各项指标与预算执行得分合计 {sumScore}，差 {total - sumScore}"));
            partsEn.Add(Finding.Invariant(
                $"total 得分 {total} but the row and budget-line scores sum to {sumScore}, off by {total - sumScore}"));
            evidence.AddRange([
                new("totalScore", (double)total), new("sumScore", (double)sumScore),
                new("scoreDifference", (double)(total - sumScore)),
            ]);
        }

        if (pointsOff)
        {
            var total = form.TotalPoints!.Value;
            parts.Add(Finding.Invariant(
                $"总分分值 {total}，各项分值合计 {sumPoints}，差 {total - sumPoints}"));
            partsEn.Add(Finding.Invariant(
                $"total 分值 {total} but the row and budget-line points sum to {sumPoints}, off by {total - sumPoints}"));
            evidence.AddRange([
                new("totalPoints", (double)total), new("sumPoints", (double)sumPoints),
                new("pointsDifference", (double)(total - sumPoints)),
            ]);
        }

        var message = string.Join("；", parts);
        var messageEn = string.Join("; ", partsEn);
        yield return Finding.ForForm(Rule, Severity.High, form, form.TotalLine,
            $"{message}（容差 {_settings.Tolerance}）", $"{messageEn} (tolerance {_settings.Tolerance})", evidence);
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        return settings;
    }
}
