using System.Buffers.Binary;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// 64-bit numbers kept for a run by index (the end offsets of <see cref="HeaderSpill"/>'s and
/// <see cref="TextSpill"/>'s records), appended in order and read back by index: the last
/// <see cref="TailNumbers"/> stay in memory, the others go to a temporary file (<see cref="SpillFile"/>) a full
/// buffer at a time. A run of any size holds one buffer, not 8 bytes per form.
/// </summary>
/// <remarks>Adding is for one thread; reading is safe from any number of threads, also while numbers are added (a
/// number on disk never changes).</remarks>
public sealed class LongSpill : IDisposable
{
    /// <summary>Numbers held in memory by default before they go to the file (32 kB).</summary>
    public const int DefaultTailNumbers = 4_096;

    private readonly long[] _tail;
    private readonly byte[] _bytes;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private FileStream? _file;
    private int _tailCount;
    private int _onDisk;
    private bool _disposed;

    /// <param name="directory">Folder for the temporary file; the system's temporary folder by default.</param>
    /// <param name="tailNumbers">Numbers held in memory before they are written out (tests set it low).</param>
    public LongSpill(string? directory = null, int tailNumbers = DefaultTailNumbers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tailNumbers);
        _directory = directory ?? Path.GetTempPath();
        _tail = new long[tailNumbers];
        _bytes = new byte[tailNumbers * sizeof(long)];
    }

    /// <summary>Numbers held in memory before a buffer goes to the file.</summary>
    public int TailNumbers => _tail.Length;

    /// <summary>Numbers added (0 once disposed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _onDisk + _tailCount;
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
                return (long)_onDisk * sizeof(long);
            }
        }
    }

    /// <summary>Adds a number; returns its index.</summary>
    public int Add(long value)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_tailCount == _tail.Length)
            {
                WriteTail();
            }

            _tail[_tailCount++] = value;
            return _onDisk + _tailCount - 1;
        }
    }

    /// <summary>Number <paramref name="index"/>, as added.</summary>
    public long this[int index]
    {
        get
        {
            Microsoft.Win32.SafeHandles.SafeFileHandle handle;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _onDisk + _tailCount);
                if (index >= _onDisk)
                {
                    return _tail[index - _onDisk];
                }

                handle = _file!.SafeFileHandle;
            }

            Span<byte> bytes = stackalloc byte[sizeof(long)];
            SpillFile.ReadAt(handle, bytes, (long)index * sizeof(long));
            return BinaryPrimitives.ReadInt64LittleEndian(bytes);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
            _onDisk = 0;
            _tailCount = 0;
        }
    }

    /// <summary>Writes the full tail to the file in one positional write (reads need no flush).</summary>
    private void WriteTail()
    {
        _file ??= SpillFile.Create(_directory, "perfeval-numbers", 0);
        for (var i = 0; i < _tailCount; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_bytes.AsSpan(i * sizeof(long)), _tail[i]);
        }

        RandomAccess.Write(_file.SafeFileHandle, _bytes.AsSpan(0, _tailCount * sizeof(long)),
            (long)_onDisk * sizeof(long));
        _onDisk += _tailCount;
        _tailCount = 0;
    }
}
