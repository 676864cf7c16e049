using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T5 定性指标占比过高: most 产出指标 rows have a qualitative 年度指标值 (及时, 改善 …), or no 效益指标 row has a
/// measurable one.
/// </summary>
/// <remarks>
/// A target counts as qualitative when it parses as a phrase (<see cref="ValueKind.Qualitative"/>); rows with a blank
/// 年度指标值 (投入管理 rows scored at level 2) are not counted. A 效益指标 row is measurable when its target is a
/// number, a percent or a stated change (同比下降10%); 满意度 rows filed under 效益指标 do not count as 效益. The second
/// condition is only judged when the form has 效益指标 rows at all (a missing block is T6's finding).
/// </remarks>
public sealed class TooManyQualitativeIndicators : IFormRule
{
    private readonly Settings _settings;

    public TooManyQualitativeIndicators(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MaxQualitativeShare, nameof(settings.MaxQualitativeShare));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(settings.MaxQualitativeShare, 1.0,
            nameof(settings.MaxQualitativeShare));
        _settings = settings;
    }

    /// <param name="MaxQualitativeShare">
    /// Share of qualitative targets among 产出指标 rows above which the form is flagged (RULES.md §3 T5: 0.5).
    /// </param>
    public sealed record Settings(double MaxQualitativeShare = 0.5);

    public static RuleInfo Rule { get; } = new("T5", "定性指标占比过高", "Too many qualitative indicators", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var output = form.Indicators.Where(r => IndicatorBlocks.IsOutput(r) && r.Target.Kind != ValueKind.Empty)
            .ToList();
        var qualitative = output.Count(r => r.Target.Kind == ValueKind.Qualitative);
        var share = output.Count == 0 ? 0 : (double)qualitative / output.Count;
        var tooQualitative = share > _settings.MaxQualitativeShare;

        var benefit = form.Indicators.Where(r => IndicatorBlocks.IsBenefit(r) && !IndicatorBlocks.IsSatisfaction(r)
            && r.Target.Kind != ValueKind.Empty).ToList();
        var measurable = benefit.Count(r => r.Target.IsQuantitative || r.Target.Kind == ValueKind.RelativeChange);
        var noMeasurableBenefit = benefit.Count > 0 && measurable == 0;
        if (!tooQualitative && !noMeasurableBenefit)
        {
            yield break;
        }

        var zh = new List<string>();
        var en = new List<string>();
        if (tooQualitative)
        {
            zh.Add(Finding.Invariant($"产出指标 {output.Count} 项中 {qualitative} 项年度指标值为定性表述（占 {share * 100:0.0}%，阈值 > {_settings.MaxQualitativeShare * 100:0.#}%）"));
            en.Add(Finding.Invariant($"{qualitative} of {output.Count} 产出指标 targets are qualitative ({share * 100:0.0}%, threshold > {_settings.MaxQualitativeShare * 100:0.#}%)"));
        }

        if (noMeasurableBenefit)
        {
            zh.Add(Finding.Invariant($"效益指标 {benefit.Count} 项均无可量化的年度指标值"));
            en.Add(Finding.Invariant($"none of the {benefit.Count} 效益指标 rows has a measurable target"));
        }

        yield return Finding.ForForm(Rule, Severity.Low, form, null,
            $"{string.Join("；", zh)}；绩效目标应尽量细化量化，难以衡量实际完成情况",
            $"{string.Join("; ", en)}: targets should be quantified where possible",
            [
                new("outputRows", output.Count), new("qualitativeOutputRows", qualitative), new("qualitativeShare", share),
                new("maxQualitativeShare", _settings.MaxQualitativeShare), new("benefitRows", benefit.Count),
                new("measurableBenefitRows", measurable),
            ]);
    }
}
