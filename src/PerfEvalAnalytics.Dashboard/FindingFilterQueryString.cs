using System.Globalization;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>A <see cref="FindingFilter"/> to and from a query string, so that a filtered grid is a link (from the
/// overview, the explanations page) and its export holds the same findings.</summary>
public static class FindingFilterQueryString
{
    public static FindingFilter Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        var q = query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Text(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new FindingFilter(
            Rule: Text("rule"),
            MinSeverity: Enum.TryParse<Severity>(Text("severity"), true, out var s) ? s : null,
            Unit: Text("unit"),
            Year: int.TryParse(Text("year"), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null,
            Kind: Enum.TryParse<FormKind>(Text("kind"), true, out var k) ? k : null,
            Review: Enum.TryParse<ReviewStatus>(Text("review"), true, out var r) ? r : null,
            Text: Text("q"));
    }

    /// <summary>The filter as query-string pairs (only the parts that are set).</summary>
    public static string Format(FindingFilter filter)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("rule", filter.Rule);
        Add("severity", filter.MinSeverity?.ToString());
        Add("unit", filter.Unit);
        Add("year", filter.Year?.ToString(CultureInfo.InvariantCulture));
        Add("kind", filter.Kind?.ToString());
        Add("review", filter.Review?.ToString());
        Add("q", filter.Text);
        return string.Join('&', parts);
    }
}
