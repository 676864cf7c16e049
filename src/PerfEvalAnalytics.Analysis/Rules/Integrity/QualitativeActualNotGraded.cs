using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S10 定性指标完成值不规范: a qualitative 年度指标值 (及时, 提升, 建立健全 …) whose 全年完成值 is not one of the three
/// bands 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差 or their short forms
/// (<see cref="QualitativeGrade"/>).
/// </summary>
/// <remarks>
/// The 绩效自评表 has no separate 完成情况描述 column, so the RULES.md condition "description empty" cannot be
/// tested and is not.
/// </remarks>
public sealed class QualitativeActualNotGraded(QualitativeActualNotGraded.Settings settings) : IFormRule
{
    /// <param name="FlagBlank">Also flag a blank 全年完成值 (pmkpi requires the 定性 actual, RULES.md §1.3 [I]).</param>
    public sealed record Settings(bool FlagBlank = true);

    public static RuleInfo Rule { get; } = new("S10", "定性指标完成值不规范",
        "Qualitative actual is not one of the grade bands", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (row.Target.Kind != ValueKind.Qualitative || QualitativeGrade.Of(row) != QualitativeGrade.Grade.None
                || (row.Actual.Kind == ValueKind.Empty && !settings.FlagBlank))
            {
                continue;
            }

            var actual = row.Actual.Kind == ValueKind.Empty ? "（空）" : $"“{row.Actual.Raw}”";
            var actualEn = row.Actual.Kind == ValueKind.Empty ? "blank" : $"\"{row.Actual.Raw}\"";
            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"定性指标“{row.DisplayName}”（年度指标值“{row.Target.Raw}”）的全年完成值为 {actual}，应为 达成年度指标、部分达成年度指标并具有一定效果 或 未达成年度指标且效果较差 之一（或其简称）",
                $"qualitative indicator {row.DisplayName} (target \"{row.Target.Raw}\") has actual {actualEn}; expected one of the bands 达成 / 部分达成 / 未达成 (or their short forms)",
                [
                    new("points", (double)(row.Points ?? 0m)), new("score", (double)(row.Score ?? 0m)),
                    new("actualBlank", row.Actual.Kind == ValueKind.Empty ? 1 : 0),
                ]);
        }
    }
}
