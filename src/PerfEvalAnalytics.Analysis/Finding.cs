using System.Globalization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// One thing a rule found, with the evidence a reviewer needs to confirm it: the value, the expectation and the
/// tolerance in the message, and the numbers in <see cref="Evidence"/>.
/// </summary>
/// <param name="Rule">The rule that found it.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Form">The form.</param>
/// <param name="Line">The source line of the row concerned; null for a form-level finding.</param>
/// <param name="Indicator">The indicator (三级指标, else 二级指标) concerned, if any.</param>
/// <param name="Message">Chinese message stating value, expectation and tolerance.</param>
/// <param name="MessageEn">The same in English.</param>
/// <param name="Evidence">The numbers behind the finding (sorted by key for stable output).</param>
public sealed record Finding(
    RuleInfo Rule,
    Severity Severity,
    FormRef Form,
    int? Line,
    string? Indicator,
    string Message,
    string MessageEn,
    IReadOnlyDictionary<string, double> Evidence)
{
    /// <summary>
    /// Identity across analysis runs: rule, unit, year, kind, project, indicator and line. A reviewer's note is
    /// attached to this key, so it survives a re-run for as long as the same rule still finds the same thing.
    /// </summary>
    public string Key => string.Join('|', Rule.Code, Form.UnitKey, Form.Year.ToString(CultureInfo.InvariantCulture),
        Form.Kind, Form.Project ?? string.Empty, Indicator ?? string.Empty,
        Line?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);

    /// <summary>A finding about one indicator row.</summary>
    public static Finding ForRow(RuleInfo rule, Severity severity, IFormHeader form, IndicatorRow row,
        FormattableString message, FormattableString messageEn, IEnumerable<KeyValuePair<string, double>> evidence) =>
        ForIndicator(rule, severity, form, row.Line, row.DisplayName, message, messageEn, evidence);

    /// <summary>A finding about one indicator row, given by its line and display name (a rule that kept only
    /// those of the row).</summary>
    public static Finding ForIndicator(RuleInfo rule, Severity severity, IFormHeader form, int line,
        string indicator, FormattableString message, FormattableString messageEn,
        IEnumerable<KeyValuePair<string, double>> evidence) =>
        new(rule, severity, FormRef.Of(form), line, indicator, Invariant(message), Invariant(messageEn),
            Sorted(evidence));

    /// <summary>A finding about a form as a whole (or a line that is not an indicator row, e.g. a budget line).</summary>
    public static Finding ForForm(RuleInfo rule, Severity severity, IFormHeader form, int? line,
        FormattableString message, FormattableString messageEn, IEnumerable<KeyValuePair<string, double>> evidence) =>
        new(rule, severity, FormRef.Of(form), line, null, Invariant(message), Invariant(messageEn), Sorted(evidence));

    /// <summary>Messages format numbers the same way on every machine (no culture-dependent separators).</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static EvidenceDictionary Sorted(IEnumerable<KeyValuePair<string, double>> evidence) => EvidenceDictionary.Of(evidence);
}
