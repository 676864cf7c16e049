using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C2 未完成指标仍记满分: the row missed its target (RULES.md notation "missed") and still scored its full 分值 — the
/// core 自评结果虚高 signal (财预〔2020〕10号 Art. 13; MoF "严禁刻意抬高分数").
/// </summary>
/// <remarks>
/// "Full marks" is <see cref="RowAssessment.FullMarks"/> (得分 within half a cent of 分值), not ε = 0.01: a row scored
/// 0.49 of 0.50 has been marked down, however little, and C1 judges whether by enough.
/// </remarks>
public sealed class FullMarksDespiteMiss(FullMarksDespiteMiss.Settings settings) : IFormRule
{
    /// <param name="IncludeQualitative">Also flag qualitative rows filed as 部分达成 / 未达成 with full marks
    /// (RULES.md §3 "missed" includes them; C3 reports the band as well).</param>
    public sealed record Settings(bool IncludeQualitative = true);

    public static RuleInfo Rule { get; } = new("C2", "未完成指标仍记满分", "Full marks despite a missed target", "C");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var a = RowAssessment.Of(row);
            if (a.Outcome != RowOutcome.Missed || !a.FullMarks || (!a.IsQuantitative && !settings.IncludeQualitative))
            {
                continue;
            }

            var w = row.Points!.Value;
            var s = row.Score!.Value;
            if (a.IsQuantitative)
            {
                var op = ScoringText.Symbol(a.Op);
                var opEn = ScoringText.SymbolEn(a.Op);
                var evidence = new List<KeyValuePair<string, double>>
                {
                    new("T", (double)a.Target!.Value), new("X", (double)a.Actual!.Value),
                    new("points", (double)w), new("score", (double)s),
                };
                if (a.CompletionRatio is { } q)
                {
                    evidence.Add(new("q", q));
                }

                yield return Finding.ForRow(Rule, Severity.High, form, row,
                    $"{row.DisplayName}：全年完成值 {row.Actual.Raw} 未达到年度指标值 {row.Target.Raw}（比较符“{op}”），得分 {s} 却等于分值 {w}；未完成指标值应按完成值与指标值的比例记分",
                    $"{row.DisplayName}: actual {row.Actual.Raw} misses the target {row.Target.Raw} ({opEn}) yet the score {s} equals the points {w}; a missed target is scored in proportion",
                    evidence);
            }
            else
            {
                yield return Finding.ForRow(Rule, Severity.High, form, row,
                    $"{row.DisplayName}：全年完成值为“{row.Actual.Raw}”（未完全达成年度指标），得分 {s} 却等于分值 {w}；未完全达成的定性指标应按档位记分，不得记满分",
                    $"{row.DisplayName}: actual \"{row.Actual.Raw}\" (target not fully achieved) yet the score {s} equals the points {w}; a qualitative target not fully achieved is scored by band, never in full",
                    [new("points", (double)w), new("score", (double)s)]);
            }
        }
    }
}
