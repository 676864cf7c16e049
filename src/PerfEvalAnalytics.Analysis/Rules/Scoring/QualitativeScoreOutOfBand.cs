using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C3 定性指标得分超出档位区间: a qualitative row's 得分 lies outside the band of its 全年完成值 (达成 [0.8w, w],
/// 部分达成 [0.6w, 0.8w), 未达成 [0, 0.6w); 财预〔2020〕10号 Art. 13, pmkpi selfqualscorecheck).
/// </summary>
/// <remarks>
/// Each band is widened by ε on both sides, because the edges 0.8w and 0.6w are themselves rounded when filed; an
/// open upper edge stays open (部分达成 at 0.8w + ε is out).
/// </remarks>
public sealed class QualitativeScoreOutOfBand(QualitativeScoreOutOfBand.Settings settings) : IFormRule
{
    /// <param name="AchievedMin">Lower edge of 达成, as a share of 分值 (Art. 13 "100-80%（含）"; RULES.md §6).</param>
    /// <param name="PartlyMin">Lower edge of 部分达成 (Art. 13 "80-60%（含）"; RULES.md §6).</param>
    /// <param name="Tolerance">ε in points (RULES.md §6).</param>
    public sealed record Settings(decimal AchievedMin = 0.8m, decimal PartlyMin = 0.6m, decimal Tolerance = 0.01m);

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("C3", "定性指标得分超出档位区间", "Qualitative score outside its band", "C");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (row is not { Points: > 0m, Score: not null })
            {
                continue;
            }

            var grade = QualitativeGrade.Of(row);
            if (grade == QualitativeGrade.Grade.None)
            {
                continue;
            }

            var w = row.Points.Value;
            var s = row.Score.Value;
            var (lo, hi, upperOpen, band, bandEn) = grade switch
            {
                QualitativeGrade.Grade.Achieved => (_settings.AchievedMin, 1m, false, "达成", "achieved"),
                QualitativeGrade.Grade.Partly => (_settings.PartlyMin, _settings.AchievedMin, true, "部分达成",
                    "partly achieved"),
                _ => (0m, _settings.PartlyMin, true, "未达成", "not achieved"),
            };
            var low = lo * w;
            var high = hi * w;
            var eps = _settings.Tolerance;
            var below = s < low - eps;
            var above = upperOpen ? s >= high + eps : s > high + eps;
            if (!below && !above)
            {
                continue;
            }

            var close = upperOpen ? ")" : "]";
            yield return Finding.ForRow(Rule, Severity.High, form, row,
                $"{row.DisplayName}：全年完成值“{row.Actual.Raw}”属{band}档，得分应在 [{low:0.00##}, {high:0.00##}{close}（分值 {w} 的 {lo * 100m:0.##}%–{hi * 100m:0.##}%），实际得分 {s}（容差 {eps} 分）",
                $"{row.DisplayName}: actual \"{row.Actual.Raw}\" is in the {bandEn} band, so the score should lie in [{low:0.00##}, {high:0.00##}{close} ({lo * 100m:0.##}%–{hi * 100m:0.##}% of points {w}); filed score {s} (tolerance {eps})",
                [
                    new("points", (double)w), new("score", (double)s), new("bandLow", (double)low),
                    new("bandHigh", (double)high), new("tolerance", (double)eps),
                ]);
        }
    }

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.PartlyMin, nameof(Settings.PartlyMin));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(s.AchievedMin, s.PartlyMin, nameof(Settings.AchievedMin));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.AchievedMin, 1m, nameof(Settings.AchievedMin));
        ArgumentOutOfRangeException.ThrowIfNegative(s.Tolerance, nameof(Settings.Tolerance));
        return s;
    }
}
