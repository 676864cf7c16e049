using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T3 超额完成后次年指标值不变: the filer beat last year's target by a wide margin and kept the same target this year.
/// </summary>
/// <remarks>
/// Condition for year y: <c>T_y == T_{y−1}</c> (same operator, number and unit) and <c>q_{y−1} ≥ MinPriorRatio</c>.
/// The finding is Low for one such year and Medium when the condition also held in the years before, for at least
/// <see cref="Settings.EscalateAfterYears"/> consecutive years ending at y. Each year is judged on the years up to it,
/// so loading more years never takes a finding away.
/// </remarks>
public sealed class TargetNotRaisedAfterOverachievement : IBatchRule
{
    private readonly Settings _settings;

    public TargetNotRaisedAfterOverachievement(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.MinPriorRatio, 1.0, nameof(settings.MinPriorRatio));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.EscalateAfterYears, 2, nameof(settings.EscalateAfterYears));
        _settings = settings;
    }

    /// <param name="MinPriorRatio">Last year's completion ratio q that counts as over-achievement (RULES.md §3 T3: 1.2).</param>
    /// <param name="EscalateAfterYears">
    /// Consecutive years with the condition that raise the severity from Low to Medium (RULES.md §3 T3: "repeated for
    /// ≥ 2 consecutive years → escalate").
    /// </param>
    public sealed record Settings(double MinPriorRatio = 1.2, int EscalateAfterYears = 2);

    public static RuleInfo Rule { get; } =
        new("T3", "超额完成后次年指标值不变", "Target not raised after over-achievement", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule compares a series (unit, kind, project) across years, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var series in FormSeries.Of(forms))
        {
            var rowsByYear = series.ByYear.ToDictionary(kv => kv.Key, kv => FormSeries.RowsByKey(kv.Value));
            foreach (var form in series.Forms)
            {
                foreach (var (key, row) in rowsByYear[form.Year])
                {
                    if (Condition(rowsByYear, key, form.Year) is not { } condition)
                    {
                        continue;
                    }

                    var (priorRow, q) = condition;
                    var years = 1;
                    while (Condition(rowsByYear, key, form.Year - years) is not null)
                    {
                        years++;
                    }

                    var severity = years >= _settings.EscalateAfterYears ? Severity.Medium : Severity.Low;
                    var prior = form.Year - 1;
                    yield return Finding.ForRow(Rule, severity, form, row,
                        $"{prior} 年全年完成值 {priorRow.Actual.Raw} 达到年度指标值的 {q:0.##} 倍（阈值 {_settings.MinPriorRatio:0.##} 倍），{form.Year} 年度指标值仍为 {row.Target.Raw}，未随实际提高；已连续 {years} 年如此（{_settings.EscalateAfterYears} 年起为中风险）",
                        $"In {prior} the actual {priorRow.Actual.Raw} reached {q:0.##}× the target (threshold {_settings.MinPriorRatio:0.##}×), yet the {form.Year} target stays {row.Target.Raw}; {years} consecutive year(s) so far (Medium from {_settings.EscalateAfterYears})",
                        [
                            new("priorRatio", q), new("minPriorRatio", _settings.MinPriorRatio),
                            new("target", (double)row.Target.Value!.Value), new("consecutiveYears", years),
                            new("escalateAfterYears", _settings.EscalateAfterYears), new("priorLine", priorRow.Line),
                        ]);
                }
            }
        }
    }

    /// <summary>
    /// The condition for <paramref name="year"/>: the same target as the year before, which was beaten by q ≥ the
    /// threshold; null when it does not hold.
    /// </summary>
    private (IndicatorRow Prior, double Q)? Condition(
        Dictionary<int, IReadOnlyDictionary<string, IndicatorRow>> rowsByYear, string key, int year)
    {
        if (!rowsByYear.TryGetValue(year, out var now) || !now.TryGetValue(key, out var row)
            || !rowsByYear.TryGetValue(year - 1, out var before) || !before.TryGetValue(key, out var prior)
            || !FormSeries.SameTarget(row.Target, prior.Target)
            || RowAssessment.Of(prior).CompletionRatio is not { } ratio || ratio < _settings.MinPriorRatio)
        {
            return null;
        }

        return (prior, ratio);
    }
}
