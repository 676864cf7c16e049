using System.Globalization;
using System.Text.Json;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Export;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>How findings are printed: one readable line each, a summary by rule and severity, or JSON.</summary>
internal static class FindingOutput
{
    /// <summary>The JSON shape of a finding (camelCase).</summary>
    private sealed record FindingDocument(
        string Rule, string Title, string TitleEn, string Severity, string Unit, int Year, FormKind Kind,
        string? Project, string? Indicator, int? Line, string Message, string MessageEn,
        IReadOnlyDictionary<string, double> Evidence, string File, string Key);

    public static string Json(IEnumerable<Finding> findings) =>
        JsonSerializer.Serialize(findings.Select(f => new FindingDocument(f.Rule.Code, f.Rule.Title, f.Rule.TitleEn,
            f.Severity.ToString(), f.Form.Unit, f.Form.Year, f.Form.Kind, f.Form.Project, f.Indicator, f.Line,
            f.Message, f.MessageEn, f.Evidence, f.Form.FileName, f.Key)), FindingsExporter.JsonOptions);

    public static string Line(Finding f, bool english)
    {
        var where = f.Line is null ? "form" : string.Create(CultureInfo.InvariantCulture, $"line {f.Line}");
        var what = f.Indicator is null ? "" : $" {f.Indicator}";
        var title = english ? f.Rule.TitleEn : f.Rule.Title;
        var message = english ? f.MessageEn : f.Message;
        return $"  {f.Severity,-6} {f.Rule.Code,-4} {where,-9}{what} [{title}] {message}";
    }

    /// <summary>Which rules were not run on incomplete forms, one line per form.</summary>
    /// <summary>The slowest rules of a run, e.g. "E4 1.20 s, E3 0.40 s" (form rules summed over threads).</summary>
    public static string SlowestRules(AnalysisResult result, int count) =>
        string.Join(", ", result.RuleTimes.OrderByDescending(kv => kv.Value).Take(count)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.TotalSeconds:F2} s")));

    public static void WriteSkipped(IReadOnlyList<SkippedRule> skipped, TextWriter o)
    {
        foreach (var g in skipped.GroupBy(s => s.Form))
        {
            o.WriteLine($"  skipped on incomplete {g.Key.FileName}: {string.Join(' ', g.Select(s => s.Rule.Code))} ({g.First().Reason})");
        }
    }

    /// <summary>Counts by rule and severity, most serious first.</summary>
    public static void WriteSummary(IReadOnlyList<Finding> findings, TextWriter o, bool english)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{findings.Count} findings: {findings.Count(f => f.Severity == Severity.High)} high, "
            + $"{findings.Count(f => f.Severity == Severity.Medium)} medium, {findings.Count(f => f.Severity == Severity.Low)} low"));
        foreach (var g in findings.GroupBy(f => f.Rule).OrderByDescending(g => g.Max(f => f.Severity))
                     .ThenBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            var high = g.Count(f => f.Severity == Severity.High);
            var medium = g.Count(f => f.Severity == Severity.Medium);
            var low = g.Count(f => f.Severity == Severity.Low);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {g.Key.Code,-4} {g.Count(),5}  (high {high}, medium {medium}, low {low})  {(english ? g.Key.TitleEn : g.Key.Title)}"));
        }
    }
}
