using System.Globalization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>How a missed reverse (≤, &lt;) indicator is scored.</summary>
public enum ReverseFormula
{
    /// <summary><c>w·T/X</c> (published 项目支出绩效自评表 template, RULES.md §1.2 [V]).</summary>
    Ratio,

    /// <summary><c>w·max(0, 1 − (X − T)/T)</c> (pmkpi selfreverseindex, RULES.md §1.3 [I]).</summary>
    Linear,
}

/// <summary>
/// s*, the score the proportional scoring rule gives a quantitative row (财预〔2020〕10号 Art. 13; pmkpi
/// selfpositiveindex / selfequalindex / selfreverseindex), with the formula as applied. C1 judges the filed 得分
/// against it; the form page shows it beside every quantitative row.
/// </summary>
/// <remarks>
/// ≥, &gt; and none score <c>w</c> when met, else <c>w·X/T</c>; "=" is read as "reach" (T = 0 → w only when X ≤ 0;
/// T &gt; 0 → w when X ≥ T, else w·X/T); ≤ and &lt; score <c>w</c> when met, else the chosen
/// <see cref="ReverseFormula"/>. A negative actual counts as 0 (pmkpi).
/// </remarks>
/// <param name="Score">s* in points.</param>
/// <param name="Formula">How s* was computed, in Chinese.</param>
/// <param name="FormulaEn">The same in English.</param>
public sealed record ExpectedScore(decimal Score, string Formula, string FormulaEn)
{
    private const string ZeroTarget = "指标值为 0 而完成值大于 0，记 0 分";
    private const string ZeroTargetEn = "target 0 but actual above 0: no points";

    /// <summary>s* for a row with 分值 <paramref name="points"/>; null when the row is not quantitative, its outcome
    /// is unknown, or the rule does not define s* (negative targets; ≥0 with no actual).</summary>
    public static ExpectedScore? Of(RowAssessment a, decimal points, ReverseFormula reverse)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Target is not { } t || a.Actual is not { } actual || a.Outcome == RowOutcome.Unknown || t < 0m)
        {
            return null;
        }

        var w = points;
        var x = Math.Max(actual, 0m); // pmkpi sets a negative actual to 0 before scoring
        if (a.Outcome == RowOutcome.Met)
        {
            return new(w, "已完成指标值，记全部分值", "target met: full points");
        }

        if (a.IsReverse)
        {
            if (t == 0m)
            {
                return new(0m, ZeroTarget, ZeroTargetEn);
            }

            if (reverse == ReverseFormula.Ratio)
            {
                var ratio = Invariant($"{w} × {t}/{x}");
                return new(w * t / x, ratio, ratio);
            }

            var linear = Invariant($"{w} × max(0, 1 − ({x} − {t})/{t})");
            return new(w * Math.Max(0m, 1m - ((x - t) / t)), linear, linear);
        }

        if (t == 0m)
        {
            // "=0" missed means X > 0: selfequalindex gives 0. "≥0"/">0" with X = 0 has no defined ratio.
            return a.Op == ComparisonOperator.Equal ? new(0m, ZeroTarget, ZeroTargetEn) : null;
        }

        var proportional = Invariant($"{w} × {x}/{t}");
        return new(w * x / t, proportional, proportional);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
