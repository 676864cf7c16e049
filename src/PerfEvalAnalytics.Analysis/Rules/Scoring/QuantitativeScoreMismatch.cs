using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C1 定量指标得分不符合比例计分规则: a quantitative row's 得分 differs from the score the proportional rule gives
/// (财预〔2020〕10号 Art. 13; pmkpi selfpositiveindex / selfequalindex / selfreverseindex).
/// </summary>
/// <remarks>
/// The expected score s* follows the operator: ≥, &gt; and none score <c>w</c> when met, else <c>w·X/T</c>; "=" is
/// read as "reach" (pmkpi selfequalindex: T = 0 → w only when X ≤ 0; T &gt; 0 → w when X ≥ T, else w·X/T);
/// ≤ and &lt; score <c>w</c> when met, else the configured reverse formula. A negative actual counts as 0 (pmkpi).
/// </remarks>
public sealed class QuantitativeScoreMismatch(QuantitativeScoreMismatch.Settings settings) : IFormRule
{
    /// <summary>How a missed reverse (≤, &lt;) indicator is scored.</summary>
    public enum ReverseFormula
    {
        /// <summary><c>w·T/X</c> (published 项目支出绩效自评表 template, RULES.md §1.2 [V]).</summary>
        Ratio,

        /// <summary><c>w·max(0, 1 − (X − T)/T)</c> (pmkpi selfreverseindex, RULES.md §1.3 [I]).</summary>
        Linear,
    }

    /// <param name="Reverse">Scoring of a missed ≤/&lt; indicator; a per-region choice (RULES.md §6
    /// "Reverse-indicator formula").</param>
    /// <param name="Tolerance">ε in points: scores are filed with two decimals, rounded or truncated (RULES.md §6).</param>
    /// <param name="RelativeTolerance">Share of 分值 accepted as well: flag when |s − s*| &gt; max(ε, this·w)
    /// (RULES.md §3 C1: 0.005·w).</param>
    public sealed record Settings(
        ReverseFormula Reverse = ReverseFormula.Ratio,
        decimal Tolerance = 0.01m,
        decimal RelativeTolerance = 0.005m);

    private const string ZeroTarget = "指标值为 0 而完成值大于 0，记 0 分";
    private const string ZeroTargetEn = "target 0 but actual above 0: no points";

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("C1", "定量指标得分不符合比例计分规则", "Quantitative score differs from the proportional rule", "C");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (row is not { Points: > 0m, Score: not null })
            {
                continue;
            }

            var a = RowAssessment.Of(row);
            if (a.Target is null || a.Actual is null || a.Outcome == RowOutcome.Unknown)
            {
                continue;
            }

            var expected = Expected(a, row.Points.Value);
            if (expected is null)
            {
                continue;
            }

            var w = row.Points.Value;
            var s = row.Score.Value;
            var sStar = expected.Value.Score;
            var tolerance = Math.Max(_settings.Tolerance, _settings.RelativeTolerance * w);
            var difference = s - sStar;
            if (Math.Abs(difference) <= tolerance)
            {
                continue;
            }

            var inflated = difference > 0m;
            var op = ScoringText.Symbol(a.Op);
            var opEn = ScoringText.SymbolEn(a.Op);
            var (formula, formulaEn) = (expected.Value.Formula, expected.Value.FormulaEn);
            yield return Finding.ForRow(Rule, inflated ? Severity.High : Severity.Medium, form, row,
                $"{row.DisplayName}：年度指标值 {row.Target.Raw}，全年完成值 {row.Actual.Raw}，分值 {w}，得分 {s}；按比较符“{op}”的计分规则应得 {sStar:0.00}（{formula}），{(inflated ? "多记" : "少记")} {Math.Abs(difference):0.00} 分（容差 {tolerance:0.00##} 分）",
                $"{row.DisplayName}: target {row.Target.Raw}, actual {row.Actual.Raw}, points {w}, score {s}; the rule for {opEn} gives {sStar:0.00} ({formulaEn}), {(inflated ? "over" : "under")} by {Math.Abs(difference):0.00} (tolerance {tolerance:0.00##})",
                [
                    new("T", (double)a.Target.Value), new("X", (double)a.Actual.Value), new("points", (double)w),
                    new("score", (double)s), new("expected", (double)sStar),
                    new("difference", (double)difference), new("tolerance", (double)tolerance),
                ]);
        }
    }

    /// <summary>s* and how it was computed; null when the rule does not define it (negative or zero targets where
    /// the formula divides by zero).</summary>
    private (decimal Score, string Formula, string FormulaEn)? Expected(RowAssessment a, decimal w)
    {
        var t = a.Target!.Value;
        var x = Math.Max(a.Actual!.Value, 0m); // pmkpi sets a negative actual to 0 before scoring
        if (t < 0m)
        {
            return null;
        }

        if (a.Outcome == RowOutcome.Met)
        {
            return (w, "已完成指标值，记全部分值", "target met: full points");
        }

        if (a.IsReverse)
        {
            if (t == 0m)
            {
                return (0m, ZeroTarget, ZeroTargetEn);
            }

            if (_settings.Reverse == ReverseFormula.Ratio)
            {
                var ratio = Invariant($"{w} × {t}/{x}");
                return (w * t / x, ratio, ratio);
            }

            var linear = Invariant($"{w} × max(0, 1 − ({x} − {t})/{t})");
            return (w * Math.Max(0m, 1m - ((x - t) / t)), linear, linear);
        }

        if (t == 0m)
        {
            // "=0" missed means X > 0: selfequalindex gives 0. "≥0"/">0" with X = 0 has no defined ratio.
            return a.Op == ComparisonOperator.Equal ? (0m, ZeroTarget, ZeroTargetEn) : null;
        }

        var proportional = Invariant($"{w} × {x}/{t}");
        return (w * x / t, proportional, proportional);
    }

    private static string Invariant(FormattableString text) => Finding.Invariant(text);

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s.Tolerance, nameof(Settings.Tolerance));
        ArgumentOutOfRangeException.ThrowIfNegative(s.RelativeTolerance, nameof(Settings.RelativeTolerance));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.RelativeTolerance, 1m, nameof(Settings.RelativeTolerance));
        if (!Enum.IsDefined(s.Reverse))
        {
            throw new ArgumentOutOfRangeException(nameof(s), s.Reverse, "Reverse: expected Ratio or Linear");
        }

        return s;
    }
}
