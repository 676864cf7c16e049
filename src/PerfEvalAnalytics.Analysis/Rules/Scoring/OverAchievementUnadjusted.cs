using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C4 完成值大幅超指标值未说明或未调减: the actual exceeds the target by far (q ≥ 1.3, or T = 0 and X ≥ 30 for a
/// count) and the row keeps its full 分值 or has no 偏差及原因分析. Art. 13 asks for the cause and, when the target
/// was set too low, a reduced score (按照偏离度适度调减分值).
/// </summary>
public sealed class OverAchievementUnadjusted(OverAchievementUnadjusted.Settings settings) : IFormRule
{
    /// <param name="Ratio">Completion ratio q from which the overshoot needs explaining (广西 pmkpi config: 130%;
    /// RULES.md §6 "Over-achievement trigger").</param>
    /// <param name="HighRatio">q from which an unexplained overshoot is High (RULES.md §3 C4: q ≥ 2).</param>
    /// <param name="ZeroTargetCount">For a count target of 0 (≥0, &gt;0 or no operator): the actual from which it is
    /// an overshoot (广西 pmkpi config: X ≥ 30; RULES.md §6).</param>
    public sealed record Settings(double Ratio = 1.3, double HighRatio = 2.0, decimal ZeroTargetCount = 30m);

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("C4", "完成值大幅超指标值未说明或未调减", "Large over-achievement kept at full score or unexplained", "C");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var a = RowAssessment.Of(row);
            if (!a.IsQuantitative || a.Outcome != RowOutcome.Met)
            {
                continue;
            }

            var zeroTarget = a.Target == 0m && row.Target.Kind == ValueKind.Numeric && !a.IsReverse
                && a.Op != ComparisonOperator.Equal && a.Actual >= _settings.ZeroTargetCount;
            if (!zeroTarget && !(a.CompletionRatio >= _settings.Ratio))
            {
                continue;
            }

            var unexplained = Explanations.IsBlank(row.Explanation);
            if (!unexplained && !a.FullMarks)
            {
                continue;
            }

            // A zero target has no finite ratio: any overshoot of it is at least as large as q ≥ HighRatio.
            var high = unexplained && (zeroTarget || a.CompletionRatio >= _settings.HighRatio);
            var what = (unexplained, a.FullMarks) switch
            {
                (true, true) => "仍记满分且偏差及原因分析为空",
                (true, false) => "偏差及原因分析为空",
                _ => "已说明原因但仍记满分",
            };
            var whatEn = (unexplained, a.FullMarks) switch
            {
                (true, true) => "kept at full score with no explanation",
                (true, false) => "with no explanation",
                _ => "explained but still at full score",
            };
            var ratioText = zeroTarget
                ? Finding.Invariant($"年度指标值为 0，全年完成值达 {a.Actual}（阈值 {_settings.ZeroTargetCount}）")
                : Finding.Invariant($"全年完成值为年度指标值的 {a.CompletionRatio:0.00} 倍（阈值 {_settings.Ratio} 倍）");
            var ratioTextEn = zeroTarget
                ? Finding.Invariant($"target 0, actual {a.Actual} (threshold {_settings.ZeroTargetCount})")
                : Finding.Invariant($"actual is {a.CompletionRatio:0.00} times the target (threshold {_settings.Ratio})");
            var evidence = new List<KeyValuePair<string, double>>
            {
                new("T", (double)a.Target!.Value), new("X", (double)a.Actual!.Value),
                new("threshold", zeroTarget ? (double)_settings.ZeroTargetCount : _settings.Ratio),
                new("fullMarks", a.FullMarks ? 1 : 0), new("explained", unexplained ? 0 : 1),
            };
            if (a.CompletionRatio is { } q)
            {
                evidence.Add(new("q", q));
            }

            if (row is { Points: not null, Score: not null })
            {
                evidence.Add(new("points", (double)row.Points.Value));
                evidence.Add(new("score", (double)row.Score.Value));
            }

            var scored = row is { Points: not null, Score: not null }
                ? Finding.Invariant($"得分 {row.Score}/分值 {row.Points}，")
                : string.Empty;
            var scoredEn = row is { Points: not null, Score: not null }
                ? Finding.Invariant($"score {row.Score} of {row.Points}, ")
                : string.Empty;
            yield return Finding.ForRow(Rule, high ? Severity.High : Severity.Medium, form, row,
                $"{row.DisplayName}：年度指标值 {row.Target.Raw}，全年完成值 {row.Actual.Raw}，{ratioText}，{scored}{what}；年度指标值可能设定偏低，财预〔2020〕10号第十三条要求分析原因，指标值设定明显偏低的应按偏离度调减分值",
                $"{row.DisplayName}: target {row.Target.Raw}, actual {row.Actual.Raw}, {ratioTextEn}, {scoredEn}{whatEn}; the target may be set too low, and Art. 13 requires the cause and a score reduced by the deviation (调减分值)",
                evidence);
        }
    }

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(s.Ratio, 1.0, nameof(Settings.Ratio));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.HighRatio, s.Ratio, nameof(Settings.HighRatio));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.ZeroTargetCount, nameof(Settings.ZeroTargetCount));
        return s;
    }
}
