using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>
/// Q4 定性表述替代定量目标: the 年度指标值 asks for a number or a change (≥85%, 同比下降10%, 9个居委67小区) and the
/// 全年完成值 only says 达成指标.
/// </summary>
/// <remarks>
/// 财预〔2020〕10号 scores a quantitative indicator by the ratio of actual to target; a grade phrase gives no actual to
/// divide, so full marks rest on the unit's say-so. Time-like targets are left to Q2 (their value is unreadable
/// anyway) and qualitative targets (及时, 改善, 下降) may properly be answered with a grade.
/// </remarks>
public sealed class QualitativeActualForQuantitativeTarget(QualitativeActualForQuantitativeTarget.Settings settings)
    : IFormRule
{
    /// <param name="OtherWithDigits">Also treat free-text targets that contain a number (9个居委67小区) as
    /// quantitative ([D]: a number in the target is something the actual can be counted against).</param>
    public sealed record Settings(bool OtherWithDigits = true);

    public static RuleInfo Rule { get; } =
        new("Q4", "定性表述替代定量目标", "Qualitative actual for a quantitative target", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var grade = QualitativeGrade.Of(row.Actual.Raw);
            if (grade == QualitativeGrade.Grade.None || !AsksForNumber(row.Target))
            {
                continue;
            }

            var evidence = new List<KeyValuePair<string, double>>();
            if (row.Target.Value is { } target)
            {
                evidence.Add(new("targetValue", (double)target));
            }

            if (row.Points is { } points)
            {
                evidence.Add(new("points", (double)points));
            }

            if (row.Score is { } score)
            {
                evidence.Add(new("score", (double)score));
            }

            var asked = row.Target.Kind == ValueKind.RelativeChange ? "一个变化幅度" : "一个数值";
            var askedEn = row.Target.Kind == ValueKind.RelativeChange ? "a change" : "a number";
            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"指标“{row.DisplayName}”的年度指标值“{row.Target.Raw}”要求{asked}，全年完成值却只填“{row.Actual.Raw}”，没有给出实际数值：是否达到目标无法核对（得分 {row.Score}/{row.Points}）",
                $"Indicator '{row.DisplayName}': the target '{row.Target.Raw}' asks for {askedEn}, but the actual only says '{row.Actual.Raw}' and states none, so attainment cannot be checked (score {row.Score}/{row.Points})",
                evidence);
        }
    }

    private bool AsksForNumber(ParsedValue target) => target.Kind switch
    {
        ValueKind.Numeric or ValueKind.Percent or ValueKind.RelativeChange => true,
        ValueKind.Other => settings.OtherWithDigits && target.Raw.Any(char.IsDigit),
        _ => false,
    };
}
