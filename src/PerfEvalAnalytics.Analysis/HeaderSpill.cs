using System.Buffers;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Form headers kept for a run by number, on disk: each is written to a temporary file as it is added
/// (<see cref="FormHeader.Write"/>), and read back, as a new <see cref="FormHeader"/>, when asked for. Memory holds
/// a write buffer and the last few thousand end offsets (the others are on disk too: <see cref="LongSpill"/>), not a
/// header or a number per form: for a rule that needs the header of a
/// form again only at the end of a run (to name the form of a finding, or to order tied forms).
/// </summary>
/// <remarks>Adding is for one thread; reading is safe from any number of threads once the adding is done. The file
/// is made on the first add.</remarks>
public sealed class HeaderSpill : IReadOnlyList<FormHeader>, IDisposable
{
    private readonly LongSpill _ends;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private BinaryWriter? _writer;

    /// <summary>The file's handle for positional reads, set once what was added is flushed (null until then).</summary>
    private volatile Microsoft.Win32.SafeHandles.SafeFileHandle? _flushed;
    private bool _disposed;

    /// <param name="directory">Folder for the temporary file; the system's temporary folder by default.</param>
    public HeaderSpill(string? directory = null)
    {
        _directory = directory ?? Path.GetTempPath();
        _ends = new LongSpill(_directory);
    }

    /// <summary>Headers added.</summary>
    public int Count => _ends.Count;

    /// <summary>Header number <paramref name="index"/>, read from the file: equal to the one added, not the same
    /// instance.</summary>
    public FormHeader this[int index]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _ends.Count);
            var handle = Flush();
            var start = index == 0 ? 0 : _ends[index - 1];
            var length = (int)(_ends[index] - start);
            var bytes = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                SpillFile.ReadAt(handle, bytes.AsSpan(0, length), start);
                using var reader = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false));
                return FormHeader.Read(reader, null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>Adds a header; returns its number.</summary>
    public int Add(FormHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null)
        {
            _file = SpillFile.Create(_directory, "perfeval-headers", 1 << 16);
            _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        }

        FormHeader.Write(_writer!, header);
        _flushed = null;
        _ends.Add(_file.Position);
        return _ends.Count - 1;
    }

    public IEnumerator<FormHeader> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer?.Dispose();
        _file?.Dispose();
        _ends.Dispose();
    }

    /// <summary>Writes what the writer and the file stream buffer, so positional reads see every header; returns
    /// the handle to read with.</summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle Flush()
    {
        if (_flushed is { } handle)
        {
            return handle;
        }

        lock (_gate)
        {
            if (_flushed is null)
            {
                // Some header was added (the index was checked), so the file exists.
                _writer!.Flush();
                _file!.Flush();
                _flushed = _file.SafeFileHandle;
            }

            return _flushed;
        }
    }
}
