using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>
/// Rows as a plain HTML table, one column per public property: what a saved notebook shows on any renderer.
/// .NET Interactive's own formatter draws each record as a collapsible tree, which reads poorly once saved.
/// </summary>
public static class HtmlTable
{
    /// <summary>The rows as <c>&lt;table&gt;</c> (<c>HtmlTable.Of(rows).DisplayAs("text/html")</c>); text is
    /// HTML-encoded, numbers are formatted in the invariant culture, null is an empty cell.</summary>
    public static string Of<T>(IEnumerable<T> rows)
    {
        var columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var c in columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var c in columns)
            {
                var value = c.GetValue(row);
                html.Append(IsNumber(value) ? "<td style=\"text-align:right\">" : "<td>")
                    .Append(WebUtility.HtmlEncode(Format(value))).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>One object (e.g. a summary) as a one-row table.</summary>
    public static string OneRow<T>(T row) => Of([row]);

    /// <summary>A cell's text: doubles to at most 4 decimals, decimals as filed, everything in the invariant
    /// culture.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool IsNumber(object? value) =>
        value is int or long or short or byte or double or float or decimal;
}
