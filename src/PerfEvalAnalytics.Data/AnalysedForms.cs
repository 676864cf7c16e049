using System.Buffers.Binary;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// What <see cref="FindingStore"/> needs of the forms of an analysis run, collected while the forms stream past so
/// that the forms themselves can go: their measures for the units page (<see cref="FormMeasures"/>; the finding
/// counts are filled in by the database when the run is stored). The measures are fixed-size records that go to a
/// temporary file once they outgrow one buffer (<see cref="RecordSpill"/>), so a run keeps nothing per form in memory
/// (the store looks the forms' ids up per chunk of findings); dispose it to let the file go.
/// </summary>
public sealed class AnalysedForms : IDisposable
{
    /// <summary>One form's measures as a record: form id, year, kind, district index, missing bits, three doubles.</summary>
    private const int RecordBytes = 8 + 4 + 1 + 4 + 1 + (3 * 8);

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

    /// <summary>The forms' measures, in the order added, with no findings counted (the store counts them); made as
    /// they are read, from the temporary file and then the buffer.</summary>
    public IEnumerable<FormMetricsEntity> Measures()
    {
        var chunks = _measures.Chunks();
        return Read(chunks);
    }

    private IEnumerable<FormMetricsEntity> Read(IEnumerable<(byte[] Buffer, int Bytes)> chunks)
    {
        foreach (var (buffer, bytes) in chunks)
        {
            for (var i = 0; i < bytes; i += RecordBytes)
            {
                yield return Unpack(buffer.AsSpan(i, RecordBytes));
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
        BinaryPrimitives.WriteInt64LittleEndian(r, m.FormId);
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], m.Year);
        r[12] = (byte)m.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(r[13..], district);
        r[17] = (byte)((m.ExecutionRate is null ? 1 : 0) | (m.TotalScore is null ? 2 : 0) | (m.ExactShare is null ? 4 : 0));
        BinaryPrimitives.WriteDoubleLittleEndian(r[18..], m.ExecutionRate ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[26..], m.TotalScore ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[34..], m.ExactShare ?? 0);
    }

    private FormMetricsEntity Unpack(ReadOnlySpan<byte> r)
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
    }
}
