namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Fixed-size records kept for the end of a run, one per form (a rule's features, a form's measures), read back once
/// or more in the order they were appended. One buffer of records stays in memory; beyond it, full buffers go to a
/// temporary file (<see cref="SpillFile"/>), so a run of any size holds one buffer, not a record per form.
/// </summary>
public sealed class RecordSpill : IDisposable
{
    private readonly byte[] _buffer;
    private readonly string _directory;
    private FileStream? _file;
    private int _buffered;
    private bool _disposed;

    /// <param name="recordBytes">Bytes per record.</param>
    /// <param name="bufferRecords">Records held in memory before a buffer goes to the file.</param>
    /// <param name="directory">Where the temporary file goes; the system's temporary folder when null.</param>
    public RecordSpill(int recordBytes, int bufferRecords = 4_096, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferRecords);
        RecordBytes = recordBytes;
        _buffer = new byte[checked(recordBytes * bufferRecords)];
        _directory = directory ?? Path.GetTempPath();
    }

    /// <summary>Bytes per record.</summary>
    public int RecordBytes { get; }

    /// <summary>Records appended.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes written to the temporary file so far (0 while the records fit in the buffer).</summary>
    public long SpilledBytes => _file?.Length ?? 0;

    /// <summary>The next record's bytes, zeroed, to be filled in before the next call.</summary>
    public Span<byte> Append()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffered * RecordBytes == _buffer.Length)
        {
            _file ??= SpillFile.Create(_directory, "perfeval-records", 1 << 16);
            _file.Seek(0, SeekOrigin.End);
            _file.Write(_buffer);
            _buffered = 0;
        }

        var record = _buffer.AsSpan(_buffered++ * RecordBytes, RecordBytes);
        record.Clear();
        Count++;
        return record;
    }

    /// <summary>
    /// The records in the order appended, a chunk at a time: each item is a buffer and the number of bytes of whole
    /// records in it (the buffer is reused for the next chunk, so read it before moving on).
    /// </summary>
    public IEnumerable<(byte[] Buffer, int Bytes)> Chunks()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Read();
    }

    private IEnumerable<(byte[] Buffer, int Bytes)> Read()
    {
        if (_file is not null)
        {
            _file.Flush();
            var length = _file.Length;
            var chunk = new byte[_buffer.Length];
            for (long offset = 0; offset < length; offset += chunk.Length)
            {
                var bytes = (int)Math.Min(chunk.Length, length - offset);
                var into = chunk.AsSpan(0, bytes);
                var at = offset;
                while (into.Length > 0)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    var read = RandomAccess.Read(_file.SafeFileHandle, into, at);
                    if (read == 0)
                    {
                        throw new EndOfStreamException("a temporary file of the analysis's records ends early");
                    }

                    into = into[read..];
                    at += read;
                }

                yield return (chunk, bytes);
            }
        }

        yield return (_buffer, _buffered * RecordBytes);
    }

    public void Dispose()
    {
        _disposed = true;
        _file?.Dispose();
        _file = null;
    }
}
