using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T2 年度指标值低于上年实际完成值: this year's target is easier than what the same filer already achieved last year
/// (ratchet run backwards).
/// </summary>
/// <remarks>
/// Rows are matched across consecutive years of one filer (unit, form kind, project) by
/// <see cref="Indicators.Key"/> (三级指标 name and unit of measure). Positive rows (≥, &gt;, =, none):
/// <c>T_y &lt; X_{y−1} × (1 − tolerance)</c>; reverse rows (≤, &lt;): <c>T_y &gt; X_{y−1} × (1 + tolerance)</c>.
/// </remarks>
public sealed class TargetBelowPriorActual : IBatchRule
{
    private readonly Settings _settings;

    public TargetBelowPriorActual(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance, nameof(settings.Tolerance));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(settings.Tolerance, 1m, nameof(settings.Tolerance));
        _settings = settings;
    }

    /// <param name="Tolerance">
    /// Relative slack below last year's actual before a target counts as lowered (RULES.md §3 T2: 0.05 = 5%).
    /// </param>
    public sealed record Settings(decimal Tolerance = 0.05m);

    public static RuleInfo Rule { get; } =
        new("T2", "年度指标值低于上年实际完成值", "Target below the prior year's actual", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule compares a series (unit, kind, project) across years, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var series in FormSeries.Of(forms))
        {
            foreach (var form in series.Forms)
            {
                if (series.In(form.Year - 1) is not { } prior)
                {
                    continue;
                }

                var priorRows = FormSeries.RowsByKey(prior);
                foreach (var (key, row) in FormSeries.RowsByKey(form))
                {
                    if (priorRows.TryGetValue(key, out var priorRow) && Judge(form, row, prior, priorRow) is { } f)
                    {
                        yield return f;
                    }
                }
            }
        }
    }

    private Finding? Judge(EvaluationForm form, IndicatorRow row, EvaluationForm prior, IndicatorRow priorRow)
    {
        var now = RowAssessment.Of(row);
        var before = RowAssessment.Of(priorRow);
        // Both sides must be numbers of one kind and direction; a capped target (=100%, =0) cannot be lowered.
        if (row.Target is not { IsQuantitative: true, Value: { } t } || before.Actual is not { } x
            || row.Target.Kind != priorRow.Target.Kind || now.IsReverse != before.IsReverse || now.IsCapped)
        {
            return null;
        }

        decimal limit;
        if (now.IsReverse)
        {
            // Last year's actual of 0 is the floor of a ≤ indicator (设备事故率 <0.10% → 0.00%): not a standard.
            if (x == 0m)
            {
                return null;
            }

            limit = x * (1m + _settings.Tolerance);
            if (t <= limit)
            {
                return null;
            }
        }
        else
        {
            limit = x * (1m - _settings.Tolerance);
            if (t >= limit)
            {
                return null;
            }
        }

        var unit = row.Target.Unit ?? string.Empty;
        var easierZh = now.IsReverse ? "宽于" : "低于";
        var easierEn = now.IsReverse ? "looser than" : "below";
        var bound = now.IsReverse ? "不高于" : "不低于";
        var boundEn = now.IsReverse ? "at most" : "at least";
        return Finding.ForRow(Rule, Severity.Medium, form, row,
            $"{form.Year} 年度指标值 {row.Target.Raw} {easierZh}上年（{prior.Year}）全年完成值 {priorRow.Actual.Raw}：按上年实际并留 {_settings.Tolerance * 100m:0.##}% 余量，年度指标值应{bound} {limit:0.####}{unit}（上年表第 {priorRow.Line} 行）",
            $"{form.Year} target {row.Target.Raw} is {easierEn} the prior year's ({prior.Year}) actual {priorRow.Actual.Raw}: with a {_settings.Tolerance * 100m:0.##}% allowance the target should be {boundEn} {limit:0.####}{unit} (prior form line {priorRow.Line})",
            [
                new("target", (double)t), new("priorActual", (double)x), new("limit", (double)limit),
                new("tolerance", (double)_settings.Tolerance), new("priorYear", prior.Year),
                new("priorLine", priorRow.Line),
            ]);
    }
}
