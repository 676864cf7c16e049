using System.Buffers.Binary;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// What <see cref="FindingStore"/> needs of the forms of an analysis run, collected while the forms stream past so
/// that the forms themselves can go: each form's id by its identity (unit key, year, kind, project), and its measures
/// for the units page (<see cref="FormMeasures"/>; the finding count is filled in when the run is stored). The
/// measures are fixed-size records that go to a temporary file (<see cref="SpillFile"/>) once they outgrow one
/// buffer, so a run keeps only the ids in memory; dispose it to let the file go.
/// </summary>
public sealed class AnalysedForms : IDisposable
{
    /// <summary>One form's measures on disk: form id, year, kind, district index, missing bits, three doubles.</summary>
    private const int RecordBytes = 8 + 4 + 1 + 4 + 1 + (3 * 8);

    /// <summary>Records buffered before they are written (and all of a run that fits).</summary>
    private const int BufferRecords = 4_096;

    private readonly Dictionary<Identity, long> _ids = [];
    private readonly byte[] _buffer = new byte[BufferRecords * RecordBytes];
    private readonly List<string> _districts = [];
    private readonly Dictionary<string, int> _districtIndex = new(StringComparer.Ordinal);
    private readonly string _directory;
    private FileStream? _file;
    private int _buffered;
    private bool _disposed;

    /// <summary>Unit keys, one instance each: a run keeps them for every form.</summary>
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);

    /// <param name="directory">Where the temporary file goes; the system's temporary folder when null.</param>
    public AnalysedForms(string? directory = null)
    {
        _directory = directory ?? Path.GetTempPath();
    }

    /// <summary>Forms added.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of measures written to the temporary file so far (0 while they fit in the buffer).</summary>
    public long SpilledBytes => _file?.Length ?? 0;

    /// <summary>The forms' measures, in the order added, each with its number of findings (0 when not in
    /// <paramref name="findingsPerForm"/>); made as they are read, from the temporary file and then the buffer.</summary>
    public IEnumerable<FormMetricsEntity> Measures(IReadOnlyDictionary<long, int> findingsPerForm)
    {
        ArgumentNullException.ThrowIfNull(findingsPerForm);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Read(findingsPerForm);
    }

    private IEnumerable<FormMetricsEntity> Read(IReadOnlyDictionary<long, int> findingsPerForm)
    {
        if (_file is not null)
        {
            _file.Flush();
            var length = _file.Length;
            var chunk = new byte[BufferRecords * RecordBytes];
            for (long offset = 0; offset < length; offset += chunk.Length)
            {
                var bytes = (int)Math.Min(chunk.Length, length - offset);
                ReadExactly(_file, chunk.AsSpan(0, bytes), offset);
                for (var i = 0; i < bytes; i += RecordBytes)
                {
                    yield return Unpack(chunk.AsSpan(i, RecordBytes), findingsPerForm);
                }
            }
        }

        for (var i = 0; i < _buffered; i++)
        {
            yield return Unpack(_buffer.AsSpan(i * RecordBytes, RecordBytes), findingsPerForm);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ids[IdentityOf(FormRef.Of(stored.Form), Shared)] = stored.Id;
        var m = FormMeasures.Of(stored, 0);
        if (_buffered == BufferRecords)
        {
            _file ??= SpillFile.Create(_directory, "perfeval-measures", 1 << 16);
            _file.Seek(0, SeekOrigin.End);
            _file.Write(_buffer);
            _buffered = 0;
        }

        var r = _buffer.AsSpan(_buffered++ * RecordBytes, RecordBytes);
        BinaryPrimitives.WriteInt64LittleEndian(r, m.FormId);
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], m.Year);
        r[12] = (byte)m.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(r[13..], DistrictIndex(m.District));
        r[17] = (byte)((m.ExecutionRate is null ? 1 : 0) | (m.TotalScore is null ? 2 : 0) | (m.ExactShare is null ? 4 : 0));
        BinaryPrimitives.WriteDoubleLittleEndian(r[18..], m.ExecutionRate ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[26..], m.TotalScore ?? 0);
        BinaryPrimitives.WriteDoubleLittleEndian(r[34..], m.ExactShare ?? 0);
        Count++;
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

    private static void ReadExactly(FileStream file, Span<byte> into, long offset)
    {
        while (into.Length > 0)
        {
            var read = RandomAccess.Read(file.SafeFileHandle, into, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("the analysis's temporary file of form measures ends early");
            }

            into = into[read..];
            offset += read;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _file?.Dispose();
        _file = null;
        _ids.Clear();
    }

    /// <summary>A form's identity in the store: unit key, year, kind and project (empty for a department form).</summary>
    private readonly record struct Identity(string UnitKey, int Year, FormKind Kind, string Project);
}
