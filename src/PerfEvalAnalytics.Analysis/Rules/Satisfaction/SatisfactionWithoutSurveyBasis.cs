using PerfEvalAnalytics.Analysis.Rules.Targets;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Satisfaction;

/// <summary>
/// M1 满意度无调查数据支撑: a 满意度 row reports a near-perfect rate with no trace of a survey, or reports no measured
/// rate at all (达成指标 against a target of ≥85%).
/// </summary>
/// <remarks>
/// 服务对象满意度 = 回答满意的人数 / 有效调查人数: the figure presumes a survey. A row is a 满意度 row when its 一级指标
/// is 满意度指标 or its 二级/三级指标 name contains 满意度. Two conditions: (1) 全年完成值 ≥
/// <see cref="Settings.CeilingPercent"/>% and no survey keyword (样本, 问卷, 份, 人次, 调查, 抽样) in 偏差及原因分析 or
/// the indicator's name; (2) 年度指标值 is a number or percent but 全年完成值 is not a number (达成指标, 满意, blank).
/// </remarks>
public sealed class SatisfactionWithoutSurveyBasis : IFormRule
{
    private readonly Settings _settings;

    public SatisfactionWithoutSurveyBasis(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.CeilingPercent, nameof(settings.CeilingPercent));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.CeilingPercent, 100m, nameof(settings.CeilingPercent));
        ArgumentNullException.ThrowIfNull(settings.SurveyKeywords, nameof(settings.SurveyKeywords));
        _settings = settings;
    }

    /// <param name="CeilingPercent">
    /// A satisfaction actual at or above this (percent) needs a visible survey basis (RULES.md §3 M1: X ≥ 99%).
    /// </param>
    public sealed record Settings(decimal CeilingPercent = 99m)
    {
        /// <summary>
        /// Words that show a survey stands behind the figure (RULES.md §3 M1: sample size / method keywords).
        /// </summary>
        public IReadOnlyList<string> SurveyKeywords { get; init; } = ["样本", "问卷", "份", "人次", "调查", "抽样"];
    }

    public static RuleInfo Rule { get; } =
        new("M1", "满意度无调查数据支撑", "Satisfaction without survey basis", "M");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators.Where(IndicatorBlocks.IsSatisfaction))
        {
            if (row.Target.IsQuantitative && !row.Actual.IsQuantitative)
            {
                var filed = row.Actual.Kind == ValueKind.Empty ? "未填报" : $"填报为“{row.Actual.Raw}”";
                var filedEn = row.Actual.Kind == ValueKind.Empty ? "is blank" : $"is “{row.Actual.Raw}”";
                yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                    $"满意度年度指标值为 {row.Target.Raw}，全年完成值{filed}，不是实测满意度；满意度应为 回答满意的人数/有效调查人数，需报告调查结果",
                    $"The satisfaction target is {row.Target.Raw} but the actual {filedEn}, not a measured rate; satisfaction is satisfied respondents / valid respondents and needs a survey result",
                    [new("targetValue", (double)(row.Target.Value ?? 0m)), new("actualMeasured", 0)]);
                continue;
            }

            if (IndicatorBlocks.Percent(row.Actual, row.Target) is not { } x || x < _settings.CeilingPercent
                || HasSurveyKeyword(row))
            {
                continue;
            }

            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"满意度全年完成值 {row.Actual.Raw} 不低于 {_settings.CeilingPercent}%，但偏差及原因分析和指标名称中未见样本量或调查方式（{string.Join("/", _settings.SurveyKeywords)}），无调查数据支撑",
                $"Satisfaction actual {row.Actual.Raw} is at least {_settings.CeilingPercent}% but neither the explanation nor the name mentions a sample or survey method ({string.Join("/", _settings.SurveyKeywords)})",
                [new("actual", (double)x), new("ceilingPercent", (double)_settings.CeilingPercent)]);
        }
    }

    private bool HasSurveyKeyword(IndicatorRow row) => _settings.SurveyKeywords.Any(k =>
        (row.Explanation?.Contains(k, StringComparison.Ordinal) ?? false)
        || row.DisplayName.Contains(k, StringComparison.Ordinal));
}
