using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// What <see cref="FindingStore"/> needs of the forms of an analysis run, collected while the forms stream past so
/// that the forms themselves can go: each form's id by its identity (unit key, year, kind, project), and its measures
/// for the units page (<see cref="FormMeasures"/>; the finding count is filled in when the run is stored). The
/// measures are fixed-size records that go to a temporary file once they outgrow one buffer (<see cref="RecordSpill"/>),
/// so a run keeps only the ids in memory, each under a 128-bit digest of its identity (no text per form); dispose it
/// to let the file go.
/// </summary>
public sealed class AnalysedForms : IDisposable
{
    /// <summary>One form's measures as a record: form id, year, kind, district index, missing bits, three doubles.</summary>
    private const int RecordBytes = 8 + 4 + 1 + 4 + 1 + (3 * 8);

    private readonly Dictionary<UInt128, long> _ids = [];
    private readonly RecordSpill _measures;
    private readonly List<string> _districts = [];
    private readonly Dictionary<string, int> _districtIndex = new(StringComparer.Ordinal);

    /// <param name="directory">Where the temporary file goes; the system's temporary folder when null.</param>
    public AnalysedForms(string? directory = null)
    {
        _measures = new RecordSpill(RecordBytes, directory: directory);
    }

    /// <summary>Forms added.</summary>
    public int Count => (int)_measures.Count;

    /// <summary>Bytes of measures written to the temporary file so far (0 while they fit in the buffer).</summary>
    public long SpilledBytes => _measures.SpilledBytes;

    /// <summary>The forms' measures, in the order added, each with its number of findings (0 when not in
    /// <paramref name="findingsPerForm"/>); made as they are read, from the temporary file and then the buffer.</summary>
    public IEnumerable<FormMetricsEntity> Measures(IReadOnlyDictionary<long, int> findingsPerForm)
    {
        ArgumentNullException.ThrowIfNull(findingsPerForm);
        var chunks = _measures.Chunks();
        return Read(chunks, findingsPerForm);
    }

    private IEnumerable<FormMetricsEntity> Read(IEnumerable<(byte[] Buffer, int Bytes)> chunks,
        IReadOnlyDictionary<long, int> findingsPerForm)
    {
        foreach (var (buffer, bytes) in chunks)
        {
            for (var i = 0; i < bytes; i += RecordBytes)
            {
                yield return Unpack(buffer.AsSpan(i, RecordBytes), findingsPerForm);
            }
        }
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
        var m = FormMeasures.Of(stored, 0);
        var district = DistrictIndex(m.District);
        var r = _measures.Append();
        _ids[KeyOf(FormRef.Of(stored.Form))] = stored.Id;
        BinaryPrimitives.WriteInt64LittleEndian(r, m.FormId);
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], m.Year);
        r[12] = (byte)m.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(r[13..], district);
        r[17] = (byte)((m.ExecutionRate is null ? 1 : 0) | (m.TotalScore is null ? 2 : 0) | (m.ExactShare is null ? 4 : 0));
        BinaryPrimitives.WriteDoubleLittleEndian(r[18..], m.ExecutionRate ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[26..], m.TotalScore ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[34..], m.ExactShare ?? 0);
    }

    /// <summary>The stored id of the form a finding is about.</summary>
    /// <exception cref="InvalidOperationException">The finding's form is not one of these.</exception>
    public long IdOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _ids.TryGetValue(KeyOf(finding.Form), out var id)
            ? id
            : throw new InvalidOperationException(
                $"finding {finding.Rule.Code} refers to a form that is not stored: {finding.Form.FileName}");
    }

    /// <summary>
    /// The first 128 bits of the SHA-256 of a form's identity in the store (unit key, year, kind, project; the unit
    /// key's length first, so no two identities give the same text): 16 bytes per form instead of the unit key and
    /// project texts, which a run would otherwise keep for every form. Two identities of a run share a key with a
    /// probability below 10^-26 at a million forms.
    /// </summary>
    private static UInt128 KeyOf(FormRef form)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{form.UnitKey.Length}:{form.UnitKey}|{form.Year}|{(int)form.Kind}|{form.Project}");
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(text.AsSpan()), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    private FormMetricsEntity Unpack(ReadOnlySpan<byte> r, IReadOnlyDictionary<long, int> findingsPerForm)
    {
        var formId = BinaryPrimitives.ReadInt64LittleEndian(r);
        var missing = r[17];
        return new FormMetricsEntity
        {
            FormId = formId,
            Year = BinaryPrimitives.ReadInt32LittleEndian(r[8..]),
            Kind = (FormKind)r[12],
            District = _districts[BinaryPrimitives.ReadInt32LittleEndian(r[13..])],
            ExecutionRate = (missing & 1) != 0 ? null : BinaryPrimitives.ReadDoubleLittleEndian(r[18..]),
            TotalScore = (missing & 2) != 0 ? null : BinaryPrimitives.ReadDoubleLittleEndian(r[26..]),
            ExactShare = (missing & 4) != 0 ? null : BinaryPrimitives.ReadDoubleLittleEndian(r[34..]),
            Findings = findingsPerForm.GetValueOrDefault(formId),
        };
    }

    private int DistrictIndex(string district)
    {
        if (!_districtIndex.TryGetValue(district, out var index))
        {
            index = _districts.Count;
            _districts.Add(district);
            _districtIndex[district] = index;
        }

        return index;
    }

    public void Dispose()
    {
        _measures.Dispose();
        _ids.Clear();
    }
}
