using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>
/// Q3 计量单位与指标名称矛盾: a ratio indicator (…率, …比例) measured in a count unit (起, 个, 人 …), or a count
/// indicator (…数, …量) measured in %.
/// </summary>
/// <remarks>
/// The unit is what makes a quantitative value mean something (pmkpi: "计量单位为必录项"); a 回潮率 of "0 起" states a
/// number of cases, not a rate, so the target and the score rest on a value that does not measure the indicator.
/// Relative changes (同比下降10%) are skipped in both directions: their % is the size of the change, not the unit of
/// the indicator. Compound units (件/人/年) are not in the count list and pass: they are rates themselves.
/// </remarks>
public sealed class UnitContradictsName(UnitContradictsName.Settings settings) : IFormRule
{
    /// <param name="PercentUnit">The unit a ratio should carry (the parser normalises ％ and 百分比 to %).</param>
    public sealed record Settings(string PercentUnit = "%")
    {
        /// <summary>Name endings of a ratio indicator ([D]; 覆盖率 ends in 率).</summary>
        public IReadOnlyList<string> RatioSuffixes { get; init; } = ["率", "比", "比例"];

        /// <summary>Name endings of a count indicator ([D]; 人数 and 次数 end in 数).</summary>
        public IReadOnlyList<string> CountSuffixes { get; init; } = ["数", "量"];

        /// <summary>Names ending in 数/量 that are not counts: an index, a coefficient, quality or a content share
        /// may well be a percentage ([D]).</summary>
        public IReadOnlyList<string> CountSuffixExceptions { get; init; } =
            ["指数", "系数", "分数", "倍数", "质量", "含量"];

        /// <summary>Units that count things or money, which a ratio cannot carry ([D], from filed forms).</summary>
        public IReadOnlyList<string> CountUnits { get; init; } =
        [
            "起", "个", "人", "人次", "名", "件", "次", "台", "部", "家", "户", "项", "元", "万元", "套", "辆", "座",
            "处", "条", "份", "场", "所", "宗", "例", "篇", "期", "批", "只", "块", "栋", "间",
        ];
    }

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } = new("Q3", "计量单位与指标名称矛盾", "Unit contradicts the indicator", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var name = row.DisplayName;
            var isRatio = _settings.RatioSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
            var isCount = !isRatio && _settings.CountSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal))
                && !_settings.CountSuffixExceptions.Any(s => name.EndsWith(s, StringComparison.Ordinal));
            if (!isRatio && !isCount)
            {
                continue;
            }

            var cells = new[] { ("年度指标值", "target", row.Target), ("全年完成值", "actual", row.Actual) };
            var bad = cells.Where(c => c.Item3.Kind != ValueKind.RelativeChange && c.Item3.Unit is { } unit
                    && (isRatio ? _settings.CountUnits.Contains(unit, StringComparer.Ordinal)
                        : string.Equals(unit, _settings.PercentUnit, StringComparison.Ordinal)))
                .ToList();
            if (bad.Count == 0)
            {
                continue;
            }

            var (label, _, cell) = bad[0];
            var evidence = bad.Where(c => c.Item3.Value is not null)
                .Select(c => new KeyValuePair<string, double>($"{c.Item2}Value", (double)c.Item3.Value!.Value));
            yield return isRatio
                ? Finding.ForRow(Rule, Severity.Medium, form, row,
                    $"指标“{name}”是比率，{label}“{cell.Raw}”的计量单位却是“{cell.Unit}”（计数单位），应为 {_settings.PercentUnit}：该值计量的是件数而不是比率，目标与得分都无从核对",
                    $"Indicator '{name}' is a ratio but its {label} '{cell.Raw}' is in '{cell.Unit}' (a count unit) instead of {_settings.PercentUnit}: the value counts cases rather than measuring the rate",
                    evidence)
                : Finding.ForRow(Rule, Severity.Medium, form, row,
                    $"指标“{name}”是数量，{label}“{cell.Raw}”的计量单位却是 {_settings.PercentUnit}，应为计数单位（个、人、件 …）：该值是比率而不是数量，目标与得分都无从核对",
                    $"Indicator '{name}' is a count but its {label} '{cell.Raw}' is in {_settings.PercentUnit}, not a count unit: the value is a ratio rather than a quantity",
                    evidence);
        }
    }

    private static Settings Validate(Settings s)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(s.PercentUnit, nameof(s.PercentUnit));
        ArgumentNullException.ThrowIfNull(s.RatioSuffixes, nameof(s.RatioSuffixes));
        ArgumentNullException.ThrowIfNull(s.CountSuffixes, nameof(s.CountSuffixes));
        ArgumentNullException.ThrowIfNull(s.CountSuffixExceptions, nameof(s.CountSuffixExceptions));
        ArgumentNullException.ThrowIfNull(s.CountUnits, nameof(s.CountUnits));
        return s;
    }
}
