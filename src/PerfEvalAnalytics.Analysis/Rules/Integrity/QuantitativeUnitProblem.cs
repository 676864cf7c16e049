using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S9 定量指标缺计量单位/单位不符: a quantitative 年度指标值 (written with ≥ &gt; = ≤ &lt;) has no unit of measure, its
/// 全年完成值 is stated in a different unit, or a percent target demands more than 100%.
/// </summary>
/// <remarks>
/// Rows whose 全年完成值 is a qualitative grade (达成指标 …) are left alone: a grade standing in for a number is
/// rule Q4's finding, not a unit problem. All problems of one row go into one finding.
/// </remarks>
public sealed class QuantitativeUnitProblem(QuantitativeUnitProblem.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="MaxPercent">The largest percent a ≥ / &gt; / = target may demand (RULES.md §3 S9: a rate target
    /// above 100% is flagged).</param>
    /// <param name="GrowthTerms">Indicator-name terms, separated by |, of growth or index indicators whose percent may
    /// legitimately exceed 100% (增长率 150%, 价格指数 102%); such rows are not held to
    /// <paramref name="MaxPercent"/> [D].</param>
    public sealed record Settings(decimal MaxPercent = 100m, string GrowthTerms = "增长|增幅|提升|提高|上升|同比|环比|指数");

    public static RuleInfo Rule { get; } = new("S9", "定量指标缺计量单位/单位不符",
        "Quantitative indicator lacks a unit or mixes units", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var growthTerms = _settings.GrowthTerms.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var row in form.Indicators)
        {
            var target = row.Target;
            var actual = row.Actual;
            if (!target.IsQuantitative || target.Op == ComparisonOperator.None
                || QualitativeGrade.Of(actual.Raw) != QualitativeGrade.Grade.None)
            {
                continue;
            }

            var problems = new List<string>();
            var problemsEn = new List<string>();
            var evidence = new List<KeyValuePair<string, double>>();
            if (target.Value is { } t)
            {
                evidence.Add(new("target", (double)t));
            }

            if (actual.Value is { } x)
            {
                evidence.Add(new("actual", (double)x));
            }

            if (string.IsNullOrEmpty(target.Unit) && string.IsNullOrEmpty(actual.Unit))
            {
                problems.Add($"年度指标值“{target.Raw}”与全年完成值“{actual.Raw}”均未写计量单位");
                problemsEn.Add($"neither the target \"{target.Raw}\" nor the actual \"{actual.Raw}\" states a unit of measure");
                evidence.Add(new("missingUnit", 1));
            }
            else if (!string.IsNullOrEmpty(target.Unit) && !string.IsNullOrEmpty(actual.Unit) && target.Unit != actual.Unit)
            {
                problems.Add($"年度指标值单位“{target.Unit}”与全年完成值单位“{actual.Unit}”不一致");
                problemsEn.Add($"the target is in \"{target.Unit}\" but the actual in \"{actual.Unit}\"");
                evidence.Add(new("unitMismatch", 1));
            }

            if (target is { Kind: ValueKind.Percent, Value: { } percent }
                && target.Op is ComparisonOperator.GreaterOrEqual or ComparisonOperator.Greater or ComparisonOperator.Equal
                && percent > _settings.MaxPercent
                && !growthTerms.Any(term => row.DisplayName.Contains(term, StringComparison.Ordinal)))
            {
                problems.Add(Finding.Invariant($"年度指标值“{target.Raw}”要求超过 {_settings.MaxPercent}%"));
                problemsEn.Add(Finding.Invariant($"the target \"{target.Raw}\" demands more than {_settings.MaxPercent}%"));
                evidence.Add(new("percentAboveMax", (double)percent));
                evidence.Add(new("maxPercent", (double)_settings.MaxPercent));
            }

            if (problems.Count == 0)
            {
                continue;
            }

            var message = string.Join("；", problems);
            var messageEn = string.Join("; ", problemsEn);
            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"定量指标“{row.DisplayName}”：{message}", $"quantitative indicator {row.DisplayName}: {messageEn}", evidence);
        }
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MaxPercent);
        ArgumentNullException.ThrowIfNull(settings.GrowthTerms);
        return settings;
    }
}
