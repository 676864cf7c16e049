using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C1 定量指标得分不符合比例计分规则: a quantitative row's 得分 differs from the score the proportional rule gives
/// (财预〔2020〕10号 Art. 13; pmkpi selfpositiveindex / selfequalindex / selfreverseindex).
/// </summary>
/// <remarks>The expected score s* is <see cref="ExpectedScore"/> (shared with the form page).</remarks>
public sealed class QuantitativeScoreMismatch(QuantitativeScoreMismatch.Settings settings) : IFormRule
{
    /// <param name="Reverse">Scoring of a missed ≤/&lt; indicator; a per-region choice (RULES.md §6
    /// "Reverse-indicator formula").</param>
    /// <param name="Tolerance">ε in points: scores are filed with two decimals, rounded or truncated (RULES.md §6).</param>
    /// <param name="RelativeTolerance">Share of 分值 accepted as well: flag when |s − s*| &gt; max(ε, this·w)
    /// (RULES.md §3 C1: 0.005·w).</param>
    public sealed record Settings(
        ReverseFormula Reverse = ReverseFormula.Ratio,
        decimal Tolerance = 0.01m,
        decimal RelativeTolerance = 0.005m);

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

            var expected = ExpectedScore.Of(a, row.Points.Value, _settings.Reverse);
            if (expected is null)
            {
                continue;
            }

            var w = row.Points.Value;
            var s = row.Score.Value;
            var sStar = expected.Score;
            var tolerance = Math.Max(_settings.Tolerance, _settings.RelativeTolerance * w);
            var difference = s - sStar;
            if (Math.Abs(difference) <= tolerance)
            {
                continue;
            }

            var inflated = difference > 0m;
            var op = ScoringText.Symbol(a.Op);
            var opEn = ScoringText.SymbolEn(a.Op);
            var (formula, formulaEn) = (expected.Formula, expected.FormulaEn);
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
