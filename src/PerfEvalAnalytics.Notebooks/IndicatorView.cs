using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>One indicator row as a reader checks it: as filed, as parsed, its completion ratio, and the rules that
/// flagged it.</summary>
/// <param name="Line">Source line.</param>
/// <param name="Level1">一级指标.</param>
/// <param name="Level2">二级指标.</param>
/// <param name="Name">三级指标.</param>
/// <param name="Target">年度指标值 as filed.</param>
/// <param name="TargetParsed">The target as parsed: operator, number, unit and kind.</param>
/// <param name="Actual">全年完成值 as filed.</param>
/// <param name="CompletionRatio">q = actual ÷ target (target ÷ actual for ≤, &lt;); null when not comparable.</param>
/// <param name="Points">分值.</param>
/// <param name="Score">得分.</param>
/// <param name="Explanation">偏差及原因分析.</param>
/// <param name="Findings">Codes of the rules that found something on this line, e.g. <c>C1 E3</c>.</param>
public sealed record IndicatorView(int Line, string Level1, string? Level2, string? Name, string Target,
    string TargetParsed, string Actual, double? CompletionRatio, decimal? Points, decimal? Score, string? Explanation,
    string Findings)
{
    /// <summary>The form's indicator rows in source order, each with the findings on its line.</summary>
    public static IReadOnlyList<IndicatorView> Of(EvaluationForm form, IEnumerable<Finding> findings)
    {
        var byLine = findings.Where(f => f.Line is not null).ToLookup(f => f.Line!.Value);
        return [.. form.Indicators.Select(r => new IndicatorView(r.Line, r.Level1, r.Level2, r.Name, r.Target.Raw,
            Parsed(r.Target), r.Actual.Raw, RowAssessment.Of(r).CompletionRatio, r.Points, r.Score, r.Explanation,
            string.Join(' ', byLine[r.Line].Select(f => f.Rule.Code).Distinct(StringComparer.Ordinal))))];
    }

    private static string Parsed(ParsedValue v) =>
        string.Join(' ', new[] { OperatorSymbols.ToSymbol(v.Op), v.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Unit, $"[{v.Kind}]" }
            .Where(s => !string.IsNullOrEmpty(s)));
}
