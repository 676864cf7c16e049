using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L1 完成率在100%处聚集: across a unit's forms (all loaded years), the completion ratios q of uncapped quantitative
/// rows pile up in the bin [1, 1 + h) with a trough just below 1 (Burgstahler–Dichev standardised difference).
/// </summary>
/// <remarks>
/// Targets reached "exactly" far more often than a smooth distribution allows, with too few near misses, is the
/// signature of reported values bent onto the target (Burgstahler &amp; Dichev 1997; Ghanem &amp; Zhang 2014).
/// One finding per unit, attached to the unit's latest form, without a line: it is about the unit's filing habit.
/// </remarks>
public sealed class CompletionRatioBunching(CompletionRatioBunching.Settings settings) : IBatchRule
{
    /// <summary>Slack on bin edges: q = 0.98 must land in [0.98, 1) despite binary rounding of (q − 1) / h.</summary>
    private const double EdgeSlack = 1e-9;

    /// <summary>Widest bin that keeps the lowest bin used, [1 − 2h, 1 − h), at q ≥ 0.</summary>
    private const double MaxBinWidth = 0.5;

    /// <param name="BinWidth">Bin width h on q (RULES.md §6: 0.02).</param>
    /// <param name="Threshold">Standardised difference of the bin [1, 1 + h) above which it is a peak
    /// (RULES.md L1: SD &gt; 2).</param>
    /// <param name="MinRows">Fewest pooled rows per unit for the test ([D]: 30, so bin shares are not single rows).</param>
    /// <param name="RequireDeficitBelow">Also require a trough: the bin [1 − h, 1) below the mean of its neighbours
    /// (RULES.md L1: "with a deficit just below 1").</param>
    public sealed record Settings(
        double BinWidth = 0.02,
        double Threshold = 2.0,
        int MinRows = 30,
        bool RequireDeficitBelow = true);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("L1", "完成率在100%处聚集", "Completion ratios bunched at exactly 1", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule pools one unit's rows, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var unit in FormSeries.ByUnit(forms))
        {
            var ratios = unit.SelectMany(f => f.Indicators)
                .Select(RowAssessment.Of)
                .Where(a => a is { IsQuantitative: true, IsCapped: false, CompletionRatio: not null })
                .Select(a => a.CompletionRatio!.Value)
                .ToList();
            if (ratios.Count < _settings.MinRows)
            {
                continue;
            }

            // Bins relative to 1: -2 = [1−2h, 1−h), -1 = [1−h, 1), 0 = [1, 1+h), 1 = [1+h, 1+2h).
            var counts = new Dictionary<int, int> { [-2] = 0, [-1] = 0, [0] = 0, [1] = 0 };
            foreach (var q in ratios)
            {
                // Range check before the cast: a huge q would overflow int in this checked build.
                var offset = Math.Floor(((q - 1) / _settings.BinWidth) + EdgeSlack);
                if (offset is >= -2 and <= 1)
                {
                    counts[(int)offset]++;
                }
            }

            var n = ratios.Count;
            var sdAt = BatchMath.StandardisedDifference(counts[0], counts[-1], counts[1], n);
            var sdBelow = BatchMath.StandardisedDifference(counts[-1], counts[-2], counts[0], n);
            var peak = sdAt > _settings.Threshold;
            var trough = !_settings.RequireDeficitBelow || sdBelow < 0;
            if (!peak || !trough)
            {
                continue;
            }

            var form = FormSeries.Latest(unit);
            var years = unit.Select(f => f.Year).Distinct().Order().ToList();
            var h = _settings.BinWidth;
            yield return Finding.ForForm(Rule, Severity.Medium, form, null,
                $"{form.UnitName} {years[0]}–{years[^1]} 年 {n} 行定量指标（不含封顶指标）的完成率（全年完成值/年度指标值）在 [1, {1 + h}) 区间有 {counts[0]} 行，下方 [{1 - h}, 1) 仅 {counts[-1]} 行、上方 [{1 + h}, {1 + (2 * h)}) {counts[1]} 行；标准化差异 SD = {sdAt:0.##}（阈值 > {_settings.Threshold}），下方区间 SD = {sdBelow:0.##}：完成值疑似向年度指标值靠拢",
                $"{form.UnitName} {years[0]}–{years[^1]}: of {n} uncapped quantitative rows, {counts[0]} have a completion ratio in [1, {1 + h}), only {counts[-1]} in [{1 - h}, 1) and {counts[1]} in [{1 + h}, {1 + (2 * h)}); standardised difference SD = {sdAt:0.##} (threshold > {_settings.Threshold}), bin below SD = {sdBelow:0.##}",
                [
                    new("n", n), new("binWidth", h), new("threshold", _settings.Threshold),
                    new("countBelow2", counts[-2]), new("countBelow", counts[-1]), new("countAt", counts[0]),
                    new("countAbove", counts[1]), new("sd", sdAt), new("sdBelow", sdBelow),
                    new("forms", unit.Count()), new("firstYear", years[0]), new("lastYear", years[^1]),
                ]);
        }
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.BinWidth, nameof(s.BinWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.BinWidth, MaxBinWidth, nameof(s.BinWidth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Threshold, nameof(s.Threshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinRows, 2, nameof(s.MinRows));
        return s;
    }
}
