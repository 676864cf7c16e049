using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// The order of an analysis's findings: by unit key, year, kind, project, line, rule code, indicator and file name
/// (texts compared ordinally; the file name only tells apart two files of one form, e.g. a duplicate given to
/// `perfeval check`). Findings with equal keys keep the order they were found in.
/// </summary>
/// <param name="UnitKey">The form's <see cref="FormRef.UnitKey"/>.</param>
/// <param name="Year">The form's year.</param>
/// <param name="Kind">The form's kind.</param>
/// <param name="Project">The form's project, empty for a department form.</param>
/// <param name="Line">The finding's line, 0 for a form-level finding.</param>
/// <param name="Rule">The rule's code.</param>
/// <param name="Indicator">The indicator, empty when none.</param>
/// <param name="FileName">The form's file.</param>
internal readonly record struct FindingOrder(
    string UnitKey, int Year, FormKind Kind, string Project, int Line, string Rule, string Indicator, string FileName)
    : IComparable<FindingOrder>
{
    public static FindingOrder Of(Finding finding) => new(finding.Form.UnitKey, finding.Form.Year, finding.Form.Kind,
        finding.Form.Project ?? string.Empty, finding.Line ?? 0, finding.Rule.Code, finding.Indicator ?? string.Empty,
        finding.Form.FileName);

    /// <summary>The findings in this order; a stable sort (equal keys keep their order).</summary>
    public static List<Finding> Sort(IEnumerable<Finding> findings) => findings.OrderBy(Of).ToList();

    public int CompareTo(FindingOrder other)
    {
        var c = string.CompareOrdinal(UnitKey, other.UnitKey);
        if (c == 0)
        {
            c = Year.CompareTo(other.Year);
        }

        if (c == 0)
        {
            c = Kind.CompareTo(other.Kind);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(Project, other.Project);
        }

        if (c == 0)
        {
            c = Line.CompareTo(other.Line);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(Rule, other.Rule);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(Indicator, other.Indicator);
        }

        return c != 0 ? c : string.CompareOrdinal(FileName, other.FileName);
    }
}
