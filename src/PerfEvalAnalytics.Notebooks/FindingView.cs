using System.Globalization;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>A finding flattened into one table row: rule, severity, where, message and its evidence.</summary>
/// <param name="Rule">Rule code (S5, C1 …).</param>
/// <param name="Title">The rule's Chinese title.</param>
/// <param name="Severity">High, Medium or Low.</param>
/// <param name="Line">Source line, or null for a form-level finding.</param>
/// <param name="Indicator">The indicator concerned, if any.</param>
/// <param name="Message">The Chinese message (value, expectation, tolerance).</param>
/// <param name="Evidence">The numbers behind the finding as <c>key=value</c> pairs, by key.</param>
public sealed record FindingView(string Rule, string Title, Severity Severity, int? Line, string? Indicator,
    string Message, string Evidence)
{
    /// <summary>The findings in the order given.</summary>
    public static IReadOnlyList<FindingView> Of(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => new FindingView(f.Rule.Code, f.Rule.Title, f.Severity, f.Line, f.Indicator,
            f.Message, FormatEvidence(f.Evidence)))];

    /// <summary><c>key=value; …</c> in key order, numbers in invariant culture with up to 6 significant digits.</summary>
    public static string FormatEvidence(IReadOnlyDictionary<string, double> evidence) =>
        string.Join("; ", evidence.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Key + "=" + e.Value.ToString("G6", CultureInfo.InvariantCulture)));
}
