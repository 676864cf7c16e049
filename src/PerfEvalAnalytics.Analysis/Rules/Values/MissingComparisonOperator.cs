using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>Q7 指标值缺比较符: a quantitative 年度指标值 (40.00(件/人/年), 0起) written without =, ≥, ≤, &gt; or &lt;.</summary>
/// <remarks>
/// Without an operator the direction of the target is unstated: is 40 件 a floor, a cap or an exact figure? The scoring
/// metrics read it as ≥ (a positive indicator), which is wrong for "less is better" indicators. Relative changes carry
/// their direction in the words (下降/上升) and are not checked. The rule has nothing to tune.
/// </remarks>
public sealed class MissingComparisonOperator : IFormRule
{
    public static RuleInfo Rule { get; } = new("Q7", "指标值缺比较符", "Target without comparison operator", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (row.Target is not { IsQuantitative: true, Value: { } target, Op: ComparisonOperator.None })
            {
                continue;
            }

            var evidence = new List<KeyValuePair<string, double>> { new("targetValue", (double)target) };
            if (row.Actual is { IsQuantitative: true, Value: { } actual })
            {
                evidence.Add(new("actualValue", (double)actual));
            }

            yield return Finding.ForRow(Rule, Severity.Low, form, row,
                $"指标“{row.DisplayName}”的年度指标值“{row.Target.Raw}”没有比较符（=、≥、≤、>、<），目标方向不明：完成值高于或低于 {target} 是否算达成无从判断（本工具按 ≥ 读）",
                $"Indicator '{row.DisplayName}': the target '{row.Target.Raw}' has no comparison operator (=, ≥, ≤, >, <), so its direction is unstated: whether an actual above or below {target} meets it cannot be told (read as ≥ here)",
                evidence);
        }
    }
}
