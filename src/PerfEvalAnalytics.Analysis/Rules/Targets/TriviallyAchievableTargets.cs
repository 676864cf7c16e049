using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T4 指标值设置过低/无挑战性: targets that ask for almost nothing: a count target of at most 1 beaten tenfold; a
/// satisfaction target of at most 80% met with 95% or more; a 100% rate target hit exactly, year after year.
/// </summary>
/// <remarks>
/// One class for the three conditions of RULES.md T4, so the code stays unique: it is an <see cref="IBatchRule"/>
/// that judges each form's rows on their own (count and satisfaction targets, one finding per row) and, across
/// consecutive years of one filer, the 100% rate targets (one form-level finding listing them, because a
/// department form has dozens of such rows and a reviewer needs the count, not dozens of findings).
/// </remarks>
public sealed class TriviallyAchievableTargets : IBatchRule
{
    private const int NamesShown = 5;

    private readonly Settings _settings;

    public TriviallyAchievableTargets(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.CountTargetMax, nameof(settings.CountTargetMax));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.CountMultiple, 1m, nameof(settings.CountMultiple));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(settings.SatisfactionTargetMax,
            settings.SatisfactionActualMin, nameof(settings.SatisfactionTargetMax));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.SatisfactionActualMin, 100m,
            nameof(settings.SatisfactionActualMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PerfectRateYears, 2, nameof(settings.PerfectRateYears));
        _settings = settings;
    }

    /// <param name="CountTargetMax">A count target (number, not percent) at or below this is "trivial" (RULES.md §3 T4: T ≤ 1).</param>
    /// <param name="CountMultiple">…when the actual reaches this multiple of it (RULES.md §3 T4: X ≥ 10T).</param>
    /// <param name="SatisfactionTargetMax">A 满意度 target (percent) at or below this… (RULES.md §3 T4: ≤ 80%).</param>
    /// <param name="SatisfactionActualMin">…with an actual at or above this (RULES.md §3 T4: ≥ 95%).</param>
    /// <param name="PerfectRateYears">
    /// Consecutive years a 100% rate target must be hit exactly before it counts (RULES.md §3 T4: ≥ 3 years).
    /// </param>
    public sealed record Settings(decimal CountTargetMax = 1m, decimal CountMultiple = 10m,
        decimal SatisfactionTargetMax = 80m, decimal SatisfactionActualMin = 95m, int PerfectRateYears = 3);

    public static RuleInfo Rule { get; } = new("T4", "指标值设置过低/无挑战性", "Trivially achievable targets", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule judges rows on their own and a series (unit, kind, project) across years, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var form in forms)
        {
            foreach (var row in form.Indicators)
            {
                if ((CountFinding(form, row) ?? SatisfactionFinding(form, row)) is { } finding)
                {
                    yield return finding;
                }
            }
        }

        foreach (var series in FormSeries.Of(forms))
        {
            var rowsByYear = series.ByYear.ToDictionary(kv => kv.Key, kv => FormSeries.RowsByKey(kv.Value));
            foreach (var form in series.Forms)
            {
                if (PerfectRateFinding(form, rowsByYear) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private Finding? CountFinding(EvaluationForm form, IndicatorRow row)
    {
        var a = RowAssessment.Of(row);
        if (row.Target.Kind != ValueKind.Numeric || a.IsReverse || a.Target is not { } t || a.Actual is not { } x
            || t <= 0m || t > _settings.CountTargetMax || x < _settings.CountMultiple * t)
        {
            return null;
        }

        return Finding.ForRow(Rule, Severity.Low, form, row,
            $"年度指标值 {row.Target.Raw} 不超过 {_settings.CountTargetMax}，全年完成值 {row.Actual.Raw} 达到其 {x / t:0.##} 倍（阈值 {_settings.CountMultiple} 倍），指标值设置明显偏低",
            $"Target {row.Target.Raw} is at most {_settings.CountTargetMax} and the actual {row.Actual.Raw} is {x / t:0.##}× it (threshold {_settings.CountMultiple}×): the target asks for almost nothing",
            [
                new("target", (double)t), new("actual", (double)x), new("countTargetMax", (double)_settings.CountTargetMax),
                new("countMultiple", (double)_settings.CountMultiple),
            ]);
    }

    private Finding? SatisfactionFinding(EvaluationForm form, IndicatorRow row)
    {
        if (!IndicatorBlocks.IsSatisfaction(row)
            || row.Target.Op is ComparisonOperator.LessOrEqual or ComparisonOperator.Less
            || IndicatorBlocks.Percent(row.Target, row.Actual) is not { } t
            || IndicatorBlocks.Percent(row.Actual, row.Target) is not { } x
            || t > _settings.SatisfactionTargetMax || x < _settings.SatisfactionActualMin)
        {
            return null;
        }

        return Finding.ForRow(Rule, Severity.Low, form, row,
            $"满意度年度指标值 {row.Target.Raw} 不超过 {_settings.SatisfactionTargetMax}%，全年完成值 {row.Actual.Raw} 不低于 {_settings.SatisfactionActualMin}%，指标值设置明显偏低",
            $"Satisfaction target {row.Target.Raw} is at most {_settings.SatisfactionTargetMax}% while the actual {row.Actual.Raw} is at least {_settings.SatisfactionActualMin}%: the target asks for almost nothing",
            [
                new("target", (double)t), new("actual", (double)x),
                new("satisfactionTargetMax", (double)_settings.SatisfactionTargetMax),
                new("satisfactionActualMin", (double)_settings.SatisfactionActualMin),
            ]);
    }

    private Finding? PerfectRateFinding(EvaluationForm form,
        Dictionary<int, IReadOnlyDictionary<string, IndicatorRow>> rowsByYear)
    {
        var rows = rowsByYear[form.Year]
            .Where(kv => Enumerable.Range(0, _settings.PerfectRateYears).All(back =>
                rowsByYear.TryGetValue(form.Year - back, out var year) && year.TryGetValue(kv.Key, out var r)
                && IsPerfectRate(r)))
            .Select(kv => kv.Value)
            .OrderBy(r => r.Line)
            .ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var first = form.Year - _settings.PerfectRateYears + 1;
        var names = string.Join("、", rows.Take(NamesShown).Select(r => $"{r.DisplayName}（第 {r.Line} 行）"));
        var more = rows.Count > NamesShown ? "等" : string.Empty;
        var namesEn = string.Join(", ", rows.Take(NamesShown).Select(r => $"{r.DisplayName} (line {r.Line})"));
        var moreEn = rows.Count > NamesShown ? ", …" : string.Empty;
        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"{rows.Count} 项比率指标 {first}–{form.Year} 年连续 {_settings.PerfectRateYears} 年年度指标值均为 100%、全年完成值均为 100%：{names}{more}；指标值未随实际调整，缺乏挑战性",
            $"{rows.Count} rate indicator(s) had a 100% target met at exactly 100% in each of the {_settings.PerfectRateYears} years {first}–{form.Year}: {namesEn}{moreEn}",
            [new("indicators", rows.Count), new("perfectRateYears", _settings.PerfectRateYears), new("firstYear", first)]);
    }

    /// <summary>A 100% rate target (=100% or ≥100%) met at exactly 100%.</summary>
    private static bool IsPerfectRate(IndicatorRow row)
    {
        var a = RowAssessment.Of(row);
        return row.Target.Kind == ValueKind.Percent && a is { IsCapped: true, ExactHit: true, Target: 100m };
    }
}
