using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// E1 未完成指标缺偏差原因分析: a row that missed its target (or was scored below its 分值) has a blank 偏差及原因分析
/// (blank or a placeholder such as 无, /, 暂无, 无偏差). 财预〔2020〕10号 Art. 11: "对未完成绩效目标…要分析并说明原因".
/// </summary>
public sealed class MissingDeviationExplanation(MissingDeviationExplanation.Settings settings) : IFormRule
{
    /// <param name="HighBelowRatio">A quantitative miss with completion ratio q below this is High (RULES.md §3 E1:
    /// q &lt; 0.9).</param>
    /// <param name="Tolerance">ε in points: a 得分 below 分值 − ε needs an explanation too (RULES.md §6).</param>
    public sealed record Settings(double HighBelowRatio = 0.9, decimal Tolerance = 0.01m);

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("E1", "未完成指标缺偏差原因分析", "Missed target without explanation", "E");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var a = RowAssessment.Of(row);
            if (!ExplanationLexicon.NeedsExplanation(a, _settings.Tolerance) || !Explanations.IsBlank(row.Explanation))
            {
                continue;
            }

            var missed = a.Outcome == RowOutcome.Missed;
            // A zero target missed ("=0" with X > 0) has no ratio: nothing of the target was kept, so q counts as 0.
            var q = a.CompletionRatio ?? 0;
            var high = a.IsQuantitative && missed && q < _settings.HighBelowRatio;
            var evidence = new List<KeyValuePair<string, double>> { new("missed", missed ? 1 : 0) };
            if (a.IsQuantitative)
            {
                evidence.Add(new("T", (double)a.Target!.Value));
                evidence.Add(new("X", (double)a.Actual!.Value));
                evidence.Add(new("q", q));
                evidence.Add(new("highBelowRatio", _settings.HighBelowRatio));
            }

            if (row is { Points: not null, Score: not null })
            {
                evidence.Add(new("points", (double)row.Points.Value));
                evidence.Add(new("score", (double)row.Score.Value));
            }

            var why = missed ? "未完成年度指标值" : "得分低于分值";
            var whyEn = missed ? "missed its target" : "scored below its points";
            var filed = string.IsNullOrWhiteSpace(row.Explanation) ? "为空" : $"仅填“{row.Explanation.Trim()}”";
            var filedEn = string.IsNullOrWhiteSpace(row.Explanation)
                ? "is empty"
                : $"only says \"{row.Explanation.Trim()}\"";
            var ratio = a.IsQuantitative ? Finding.Invariant($"，完成率 {q:0.00}（低于 {_settings.HighBelowRatio} 为高风险）") : string.Empty;
            var ratioEn = a.IsQuantitative ? Finding.Invariant($", completion ratio {q:0.00} (High below {_settings.HighBelowRatio})") : string.Empty;
            yield return Finding.ForRow(Rule, high ? Severity.High : Severity.Medium, form, row,
                $"{row.DisplayName}：{ExplanationLexicon.Values(row)}，分值 {row.Points}，得分 {row.Score}，{why}{ratio}，但偏差及原因分析{filed}；应说明原因并提出改进措施",
                $"{row.DisplayName}: {ExplanationLexicon.ValuesEn(row)}, points {row.Points}, score {row.Score}: the row {whyEn}{ratioEn} but the explanation {filedEn}; a cause and a remedy are required",
                evidence);
        }
    }

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.HighBelowRatio, nameof(Settings.HighBelowRatio));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.HighBelowRatio, 1.0, nameof(Settings.HighBelowRatio));
        ArgumentOutOfRangeException.ThrowIfNegative(s.Tolerance, nameof(Settings.Tolerance));
        return s;
    }
}
