using System.Buffers;
using System.Runtime.InteropServices;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Texts kept for a run by number, most of them on disk: the last few thousand added stay in memory, the
/// others are in a temporary file (<see cref="SpillFile"/>: UTF-16 code units, so every text reads back exactly) and
/// are read back on demand. Memory holds neither the texts nor their offsets (a <see cref="LongSpill"/>, on disk
/// beyond its last buffer). Used for the file names of a
/// sliced run's form headers: read for findings and tie-breaks only, so most are never read again.
/// </summary>
/// <remarks>Adding is for one thread; reading is safe from any number of threads, also while texts are added.</remarks>
public sealed class TextSpill : IDisposable
{
    private readonly LongSpill _offsets;
    private readonly List<string> _tail = [];
    private readonly int _tailTexts;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private long _written;
    private int _onDisk;
    private bool _disposed;

    /// <param name="directory">Folder for the temporary file; the system's temporary folder by default.</param>
    /// <param name="tailTexts">Texts held in memory before they are written out (tests set it low).</param>
    public TextSpill(string? directory = null, int tailTexts = DefaultTailTexts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tailTexts);
        _directory = directory ?? Path.GetTempPath();
        _tailTexts = tailTexts;
        _offsets = new LongSpill(_directory);
    }

    /// <summary>Texts held in memory by default before they are written out.</summary>
    public const int DefaultTailTexts = 4_096;

    /// <summary>Texts added.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _onDisk + _tail.Count;
            }
        }
    }

    /// <summary>Bytes written to the temporary file so far.</summary>
    public long SpilledBytes
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <summary>Adds a text; returns its number.</summary>
    public int Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _tail.Add(text);
            if (_tail.Count >= _tailTexts)
            {
                WriteTail();
            }

            return _onDisk + _tail.Count - 1;
        }
    }

    /// <summary>Text number <paramref name="index"/>, exactly as added.</summary>
    public string Get(int index)
    {
        long start;
        long end;
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _onDisk + _tail.Count);
            if (index >= _onDisk)
            {
                return _tail[index - _onDisk];
            }

            start = index == 0 ? 0 : _offsets[index - 1];
            end = _offsets[index];
            handle = _handle!;
        }

        return string.Create((int)((end - start) / sizeof(char)), (handle, start),
            static (chars, s) => SpillFile.ReadAt(s.handle, MemoryMarshal.AsBytes(chars), s.start));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _file?.Dispose();
            _tail.Clear();
            _offsets.Dispose();
        }
    }

    /// <summary>Writes the texts held in memory to the file in one positional write (reads need no flush).</summary>
    private void WriteTail()
    {
        if (_file is null)
        {
            _file = SpillFile.Create(_directory, "perfeval-texts", 0);
            _handle = _file.SafeFileHandle;
        }

        var length = checked((int)_tail.Sum(t => (long)t.Length * sizeof(char)));
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            foreach (var text in _tail)
            {
                var span = MemoryMarshal.AsBytes(text.AsSpan());
                span.CopyTo(bytes.AsSpan(at));
                at += span.Length;
                _offsets.Add(_written + at);
            }

            RandomAccess.Write(_handle!, bytes.AsSpan(0, length), _written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _written += length;
        _onDisk += _tail.Count;
        _tail.Clear();
    }
}
