using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// What <see cref="FindingStore"/> needs of the forms of an analysis run, collected while the forms stream past so
/// that the forms themselves can go: each form's id by its identity (unit key, year, kind, project), and its measures
/// for the units page (<see cref="FormMeasures"/>; the finding count is filled in when the run is stored).
/// </summary>
public sealed class AnalysedForms
{
    private readonly Dictionary<Identity, long> _ids = [];
    private readonly List<Kept> _measures = [];

    /// <summary>Unit keys and districts, one instance each: a run keeps them for every form.</summary>
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);

    /// <summary>Forms added.</summary>
    public int Count => _measures.Count;

    /// <summary>The forms' measures, in the order added, each with its number of findings (0 when not in
    /// <paramref name="findingsPerForm"/>); made as they are read (a run keeps them packed, one value per form).</summary>
    public IEnumerable<FormMetricsEntity> Measures(IReadOnlyDictionary<long, int> findingsPerForm)
    {
        ArgumentNullException.ThrowIfNull(findingsPerForm);
        return _measures.Select(m => new FormMetricsEntity
        {
            FormId = m.FormId,
            Year = m.Year,
            Kind = m.Kind,
            District = m.District,
            ExecutionRate = (m.Missing & 1) != 0 ? null : m.ExecutionRate,
            TotalScore = (m.Missing & 2) != 0 ? null : m.TotalScore,
            ExactShare = (m.Missing & 4) != 0 ? null : m.ExactShare,
            Findings = findingsPerForm.GetValueOrDefault(m.FormId),
        });
    }

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
        _ids[IdentityOf(FormRef.Of(stored.Form), Shared)] = stored.Id;
        var m = FormMeasures.Of(stored, 0);
        _measures.Add(new Kept(m.FormId, m.Year, m.Kind, Shared(m.District),
            (byte)((m.ExecutionRate is null ? 1 : 0) | (m.TotalScore is null ? 2 : 0) | (m.ExactShare is null ? 4 : 0)),
            m.ExecutionRate ?? 0, m.TotalScore ?? 0, m.ExactShare ?? 0));
    }

    /// <summary>The stored id of the form a finding is about.</summary>
    /// <exception cref="InvalidOperationException">The finding's form is not one of these.</exception>
    public long IdOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _ids.TryGetValue(IdentityOf(finding.Form, static s => s), out var id)
            ? id
            : throw new InvalidOperationException(
                $"finding {finding.Rule.Code} refers to a form that is not stored: {finding.Form.FileName}");
    }

    private string Shared(string text)
    {
        if (_shared.TryGetValue(text, out var kept))
        {
            return kept;
        }

        _shared.Add(text);
        return text;
    }

    private static Identity IdentityOf(FormRef form, Func<string, string> share) =>
        new(share(form.UnitKey), form.Year, form.Kind, form.Project ?? string.Empty);

    /// <summary>A form's measures as a run keeps them: which are missing (bits 1, 2, 4), and the values.</summary>
    private readonly record struct Kept(long FormId, int Year, FormKind Kind, string District, byte Missing,
        double ExecutionRate, double TotalScore, double ExactShare);

    /// <summary>A form's identity in the store: unit key, year, kind and project (empty for a department form).</summary>
    private readonly record struct Identity(string UnitKey, int Year, FormKind Kind, string Project);
}
