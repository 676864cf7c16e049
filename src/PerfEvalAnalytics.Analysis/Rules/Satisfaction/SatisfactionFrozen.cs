using PerfEvalAnalytics.Analysis.Rules.Targets;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Satisfaction;

/// <summary>
/// M2 满意度多年恒定或恒为满分: the same filer's 满意度 actual is identical, or exactly equal to its target, in each of at
/// least three consecutive years.
/// </summary>
/// <remarks>
/// Rows are matched across years of one filer (unit, form kind, project) by the cross-year key. Year y is judged on
/// the run of <see cref="Settings.MinYears"/> consecutive years ending at y, so loading more years adds findings for
/// later years and never takes one away.
/// </remarks>
public sealed class SatisfactionFrozen : IBatchRule
{
    private readonly Settings _settings;

    public SatisfactionFrozen(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinYears, 2, nameof(settings.MinYears));
        _settings = settings;
    }

    /// <param name="MinYears">Consecutive years of an unchanged or at-target actual (RULES.md §3 M2: ≥ 3 years).</param>
    public sealed record Settings(int MinYears = 3);

    public static RuleInfo Rule { get; } =
        new("M2", "满意度多年恒定或恒为满分", "Satisfaction frozen or at the cap", "M");

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
                    if (Judge(form, row, Run(rowsByYear, key, form.Year)) is { } finding)
                    {
                        yield return finding;
                    }
                }
            }
        }
    }

    /// <summary>The (target, actual) percents of the run of years ending at <paramref name="year"/>, oldest first; null if incomplete.</summary>
    private List<(decimal? Target, decimal Actual)>? Run(
        Dictionary<int, IReadOnlyDictionary<string, IndicatorRow>> rowsByYear, string key, int year)
    {
        var run = new List<(decimal?, decimal)>();
        for (var y = year - _settings.MinYears + 1; y <= year; y++)
        {
            if (!rowsByYear.TryGetValue(y, out var rows) || !rows.TryGetValue(key, out var row)
                || !IndicatorBlocks.IsSatisfaction(row) || IndicatorBlocks.Percent(row.Actual, row.Target) is not { } x)
            {
                return null;
            }

            run.Add((IndicatorBlocks.Percent(row.Target, row.Actual), x));
        }

        return run;
    }

    private Finding? Judge(EvaluationForm form, IndicatorRow row, List<(decimal? Target, decimal Actual)>? run)
    {
        if (run is null)
        {
            return null;
        }

        var frozen = run.All(r => r.Actual == run[0].Actual);
        var atTarget = run.All(r => r.Target == r.Actual);
        if (!frozen && !atTarget)
        {
            return null;
        }

        var first = form.Year - _settings.MinYears + 1;
        var values = string.Join("、", run.Select(r => $"{r.Actual}%"));
        var what = frozen && atTarget ? "完全相同且均等于年度指标值" : frozen ? "完全相同" : "均恰好等于年度指标值";
        var whatEn = frozen && atTarget ? "identical and equal to the target" : frozen ? "identical" : "exactly equal to the target";
        return Finding.ForRow(Rule, Severity.Low, form, row,
            $"满意度全年完成值 {first}–{form.Year} 年连续 {_settings.MinYears} 年{what}（{values}），调查结果不应年年不变，疑似未实际调查",
            $"Satisfaction actuals {first}–{form.Year} are {whatEn} in each of {_settings.MinYears} consecutive years ({values}): survey results do not repeat exactly",
            [
                new("actual", (double)run[^1].Actual), new("minYears", _settings.MinYears), new("firstYear", first),
                new("frozen", frozen ? 1 : 0), new("atTarget", atTarget ? 1 : 0),
            ]);
    }
}
