using System.Buffers;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Records of any length kept for a run by number, on disk: each is written to a temporary file as it is added, and
/// read back, as a new object, when asked for. Memory holds a write buffer and the last few thousand end offsets (the
/// others are on disk too: <see cref="LongSpill"/>), not a record or a number per record: for a rule that needs a
/// record again only at the end of a run.
/// </summary>
/// <remarks>Adding is for one thread; reading is safe from any number of threads once the adding is done. The file
/// is made on the first add.</remarks>
/// <typeparam name="T">The record; written and read with the given delegates.</typeparam>
public class IndexedSpill<T> : IReadOnlyList<T>, IDisposable
    where T : class
{
    private readonly Action<BinaryWriter, T> _write;
    private readonly Func<BinaryReader, T> _read;
    private readonly string _prefix;
    private readonly LongSpill _ends;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private BinaryWriter? _writer;

    /// <summary>The file's handle for positional reads, set once what was added is flushed (null until then).</summary>
    private volatile Microsoft.Win32.SafeHandles.SafeFileHandle? _flushed;
    private bool _disposed;

    /// <param name="write">Writes a record.</param>
    /// <param name="read">Reads a record written by <paramref name="write"/>.</param>
    /// <param name="prefix">The temporary file's name prefix.</param>
    /// <param name="directory">Folder for the temporary file; the system's temporary folder by default.</param>
    public IndexedSpill(Action<BinaryWriter, T> write, Func<BinaryReader, T> read, string prefix,
        string? directory = null)
    {
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _prefix = prefix;
        _directory = directory ?? Path.GetTempPath();
        _ends = new LongSpill(_directory);
    }

    /// <summary>Records added.</summary>
    public int Count => _ends.Count;

    /// <summary>Record number <paramref name="index"/>, read from the file: equal to the one added, not the same
    /// instance.</summary>
    public T this[int index]
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
                return _read(reader);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>Adds a record; returns its number.</summary>
    public int Add(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null)
        {
            _file = SpillFile.Create(_directory, _prefix, 1 << 16);
            _writer = new BinaryWriter(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        }

        _write(_writer!, record);
        _flushed = null;
        _ends.Add(_file.Position);
        return _ends.Count - 1;
    }

    public IEnumerator<T> GetEnumerator()
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
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes what the writer and the file stream buffer, so positional reads see every record; returns
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
                // Some record was added (the index was checked), so the file exists.
                _writer!.Flush();
                _file!.Flush();
                _flushed = _file.SafeFileHandle;
            }

            return _flushed;
        }
    }
}

/// <summary>
/// Form headers kept for a run by number, on disk (<see cref="FormHeader.Write"/>): for a rule that needs the header
/// of a form again only at the end of a run (to name the form of a finding, or to order tied forms).
/// </summary>
public sealed class HeaderSpill(string? directory = null)
    : IndexedSpill<FormHeader>(FormHeader.Write, r => FormHeader.Read(r, null), "perfeval-headers", directory);
