using System.Globalization;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// What <see cref="FindingStore"/> needs of the forms of an analysis run, collected while the forms stream past so
/// that the forms themselves can go: each form's id by its identity (unit key, year, kind, project), and its measures
/// for the units page (<see cref="FormMeasures"/>; the finding count is filled in when the run is stored).
/// </summary>
public sealed class AnalysedForms
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly List<FormMetricsEntity> _measures = [];

    /// <summary>The forms' measures, in the order added.</summary>
    public IReadOnlyList<FormMetricsEntity> Measures => _measures;

    public static AnalysedForms Of(IEnumerable<StoredForm> forms)
    {
        var result = new AnalysedForms();
        foreach (var form in forms)
        {
            result.Add(form);
        }

        return result;
    }

    public void Add(StoredForm stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _ids[IdentityOf(FormRef.Of(stored.Form))] = stored.Id;
        _measures.Add(FormMeasures.Of(stored, 0));
    }

    /// <summary>The stored id of the form a finding is about.</summary>
    /// <exception cref="InvalidOperationException">The finding's form is not one of these.</exception>
    public long IdOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _ids.TryGetValue(IdentityOf(finding.Form), out var id)
            ? id
            : throw new InvalidOperationException(
                $"finding {finding.Rule.Code} refers to a form that is not stored: {finding.Form.FileName}");
    }

    private static string IdentityOf(FormRef form) =>
        string.Join('|', form.UnitKey, form.Year.ToString(CultureInfo.InvariantCulture), form.Kind,
            form.Project ?? string.Empty);
}
