using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.CrossChecks;

/// <summary>
/// X3 总分上升但执行率/完成率下降: the same form (unit, kind, project) scores markedly higher than the year before
/// while its execution rate B/A, or the median completion ratio q of its quantitative rows, fell.
/// </summary>
/// <remarks>
/// The self-assessed total should follow the facts it is built from. A rising score over falling execution or
/// completion is the pattern of performance exaggeration that grows within a term (Xu et al. 2025).
/// </remarks>
public sealed class ScoreUpWhileFundamentalsFall(ScoreUpWhileFundamentalsFall.Settings settings) : IBatchRule
{
    /// <param name="MinScoreRise">总分 rise over the previous year, in points, from which the rule looks
    /// (RULES.md §3 X3: S_y − S_{y−1} ≥ 5).</param>
    /// <param name="MinExecutionRateFallPp">Fall of B/A in percentage points that counts (X3: ≥ 10 pp).</param>
    /// <param name="MinMedianCompletionFall">Fall of the median q that counts. RULES.md says "falls"; a fall
    /// smaller than one L1 bin (0.02, RULES.md §6) is treated as noise of differently composed rows ([D]).</param>
    /// <param name="MinRowsForMedian">Fewest quantitative rows with a q, in each of the two years, for the median to
    /// be compared ([D]: 3).</param>
    public sealed record Settings(
        decimal MinScoreRise = 5m,
        decimal MinExecutionRateFallPp = 10m,
        double MinMedianCompletionFall = 0.02,
        int MinRowsForMedian = 3);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("X3", "总分上升但执行率/完成率下降", "Score up while fundamentals fall", "X");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule compares a series (unit, kind, project) across years, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var series in FormSeries.BySeries(forms))
        {
            var byYear = FormSeries.OnePerYear(series);
            foreach (var (year, form) in byYear)
            {
                if (!byYear.TryGetValue(year - 1, out var previous)
                    || form.TotalScore is not { } score || previous.TotalScore is not { } previousScore)
                {
                    continue;
                }

                var rise = score - previousScore;
                if (rise < _settings.MinScoreRise)
                {
                    continue;
                }

                var finding = Judge(form, previous, rise);
                if (finding is not null)
                {
                    yield return finding;
                }
            }
        }
    }

    private Finding? Judge(EvaluationForm form, EvaluationForm previous, decimal rise)
    {
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["score"] = (double)form.TotalScore!.Value,
            ["previousScore"] = (double)previous.TotalScore!.Value,
            ["scoreRise"] = (double)rise,
            ["minScoreRise"] = (double)_settings.MinScoreRise,
            ["minExecutionRateFallPp"] = (double)_settings.MinExecutionRateFallPp,
            ["minMedianCompletionFall"] = _settings.MinMedianCompletionFall,
        };
        var reasons = new List<string>();
        var reasonsEn = new List<string>();

        var rate = RatePercent(form);
        var previousRate = RatePercent(previous);
        if (rate is not null && previousRate is not null)
        {
            var fall = previousRate.Value - rate.Value;
            evidence["executionRatePct"] = (double)rate.Value;
            evidence["previousExecutionRatePct"] = (double)previousRate.Value;
            evidence["executionRateFallPp"] = (double)fall;
            if (fall >= _settings.MinExecutionRateFallPp)
            {
                reasons.Add(Finding.Invariant(
                    $"执行率由 {previousRate:0.##}% 降至 {rate:0.##}%（下降 {fall:0.##} 个百分点，阈值 ≥ {_settings.MinExecutionRateFallPp} 个百分点）"));
                reasonsEn.Add(Finding.Invariant(
                    $"execution rate fell from {previousRate:0.##}% to {rate:0.##}% ({fall:0.##} pp, threshold ≥ {_settings.MinExecutionRateFallPp} pp)"));
            }
        }

        var median = MedianCompletion(form);
        var previousMedian = MedianCompletion(previous);
        if (median is not null && previousMedian is not null)
        {
            var fall = previousMedian.Value - median.Value;
            evidence["medianCompletion"] = median.Value;
            evidence["previousMedianCompletion"] = previousMedian.Value;
            evidence["medianCompletionFall"] = fall;
            if (fall >= _settings.MinMedianCompletionFall)
            {
                reasons.Add(Finding.Invariant(
                    $"定量指标完成率（全年完成值/年度指标值）中位数由 {previousMedian:0.###} 降至 {median:0.###}（下降 {fall:0.###}，阈值 ≥ {_settings.MinMedianCompletionFall}）"));
                reasonsEn.Add(Finding.Invariant(
                    $"median completion ratio of quantitative rows fell from {previousMedian:0.###} to {median:0.###} ({fall:0.###}, threshold ≥ {_settings.MinMedianCompletionFall})"));
            }
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        return Finding.ForForm(Rule, Severity.Low, form, form.TotalLine,
            $"总分由 {previous.Year} 年的 {previous.TotalScore} 升至 {form.Year} 年的 {form.TotalScore}（上升 {rise} 分，阈值 ≥ {_settings.MinScoreRise} 分），但{string.Join("；", reasons)}",
            $"Total score rose from {previous.TotalScore} ({previous.Year}) to {form.TotalScore} ({form.Year}), +{rise} (threshold ≥ {_settings.MinScoreRise}), while the {string.Join("; and the ", reasonsEn)}",
            evidence);
    }

    /// <summary>B/A in percent, exact in decimals so that a fall of exactly 10 pp is one.</summary>
    private static decimal? RatePercent(EvaluationForm form) =>
        Budget.Of(form) is { AnnualBudget: > 0m } b ? b.Executed / b.AnnualBudget * 100m : null;

    private double? MedianCompletion(EvaluationForm form)
    {
        var ratios = form.Indicators.Select(RowAssessment.Of)
            .Where(a => a.CompletionRatio is not null)
            .Select(a => a.CompletionRatio!.Value)
            .ToList();
        return ratios.Count >= _settings.MinRowsForMedian ? BatchMath.Median(ratios) : null;
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinScoreRise, nameof(s.MinScoreRise));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinExecutionRateFallPp, nameof(s.MinExecutionRateFallPp));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinMedianCompletionFall, nameof(s.MinMedianCompletionFall));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinRowsForMedian, nameof(s.MinRowsForMedian));
        return s;
    }
}
