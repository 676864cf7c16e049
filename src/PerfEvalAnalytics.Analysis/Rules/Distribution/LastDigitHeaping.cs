using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L4 数字尾数异常: the last digits of a unit's integer 全年完成值 (all loaded years pooled) are far from uniform
/// (χ² test against equal frequencies).
/// </summary>
/// <remarks>
/// Counted or measured values of 10 and more end in every digit about equally often; invented ones favour 0 and 5
/// (Beber &amp; Scacco 2012). The test is weak on its own (a later study found it "failed to distinguish" fraud), so
/// it is Low and needs a large sample. One finding per unit, on its latest form, without a line.
/// </remarks>
public sealed class LastDigitHeaping(LastDigitHeaping.Settings settings) : IBatchRule
{
    private const int Digits = 10;

    /// <param name="MinValues">Fewest qualifying actuals per unit (RULES.md §3 L4: ≥ 100).</param>
    /// <param name="MinValue">Smallest actual counted; small values have naturally skewed last digits
    /// (L4: excluding values &lt; 10).</param>
    /// <param name="Alpha">Significance level of the χ² test (L4: p &lt; 0.01).</param>
    public sealed record Settings(int MinValues = 100, decimal MinValue = 10m, double Alpha = 0.01);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } = new("L4", "数字尾数异常", "Last-digit heaping in actuals", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>Unit: the rule pools one unit's actuals, never two units.</remarks>
    public BatchScope Scope => BatchScope.Unit;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        foreach (var unit in FormSeries.ByUnit(forms))
        {
            var values = unit.SelectMany(f => f.Indicators).Select(Qualifying).OfType<decimal>().ToList();
            var n = values.Count;
            if (n < _settings.MinValues)
            {
                continue;
            }

            var counts = new int[Digits];
            foreach (var v in values)
            {
                counts[(int)(v % Digits)]++;
            }

            var expected = (double)n / Digits;
            var chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
            var p = ChiSquare.SurvivalFunction(chi2, Digits - 1);
            if (p >= _settings.Alpha)
            {
                continue;
            }

            var form = FormSeries.Latest(unit);
            var top = Enumerable.Range(0, Digits).MaxBy(d => counts[d]);
            var list = string.Join(" ", Enumerable.Range(0, Digits).Select(d => $"{d}:{counts[d]}"));
            var evidence = new List<KeyValuePair<string, double>>
            {
                new("n", n), new("chi2", chi2), new("pValue", p), new("alpha", _settings.Alpha),
                new("degreesOfFreedom", Digits - 1), new("expectedPerDigit", expected),
                new("minValue", (double)_settings.MinValue),
            };
            evidence.AddRange(Enumerable.Range(0, Digits).Select(d => new KeyValuePair<string, double>($"digit{d}", counts[d])));
            yield return Finding.ForForm(Rule, Severity.Low, form, null,
                $"{form.UnitName} 共 {n} 个 ≥ {_settings.MinValue} 的整数全年完成值（不含封顶指标），末位数字分布 {list}，每个数字期望 {expected:0.#} 次；χ² = {chi2:0.##}（自由度 {Digits - 1}），p = {p:0.####}（阈值 < {_settings.Alpha}），尾数 {top} 出现最多：完成值疑似凑整或编造",
                $"{form.UnitName}: {n} integer actuals ≥ {_settings.MinValue} (capped indicators excluded) have last digits {list}, {expected:0.#} expected each; χ² = {chi2:0.##} (df {Digits - 1}), p = {p:0.####} (threshold < {_settings.Alpha}); digit {top} is most frequent",
                evidence);
        }
    }

    /// <summary>
    /// The actual when it counts: a whole number ≥ <see cref="Settings.MinValue"/>, not on a capped indicator (=100%,
    /// ≥100%, =0) and not a rate at its 100% ceiling, where the round value is natural.
    /// </summary>
    private decimal? Qualifying(IndicatorRow row)
    {
        if (row.Actual is not { IsQuantitative: true, Value: { } value } actual
            || value < _settings.MinValue || value != decimal.Truncate(value))
        {
            return null;
        }

        if (actual.Kind == ValueKind.Percent && value == 100m)
        {
            return null;
        }

        return RowAssessment.Of(row).IsCapped ? null : value;
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinValues, Digits, nameof(s.MinValues));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinValue, Digits, nameof(s.MinValue));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Alpha, nameof(s.Alpha));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(s.Alpha, 1, nameof(s.Alpha));
        return s;
    }
}
