using Microsoft.Win32.SafeHandles;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// The findings of a <see cref="SlicedAnalysis"/> while it runs: runs of findings (one per slice, and chunks of each
/// rule that compares units), held in memory up to a limit and beyond it written, each run sorted, to one temporary
/// file. At the end they become the result's list in <see cref="FindingOrder"/>: in memory, a sort; on disk, a merge
/// of the sorted runs into a second temporary file that the list reads from (<see cref="SpilledFindings"/>), so the
/// findings of a large run are never all in memory. Ties keep the order the runs were added in, so both ways give
/// the same list as sorting every finding at once.
/// </summary>
internal sealed class FindingRuns : IDisposable
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Read buffer per run while merging (many runs are open at once).</summary>
    private const int MergeBufferBytes = 1 << 13;

    private readonly int _memoryLimit;
    private readonly string _directory;
    private readonly FindingCodec _codec = new();
    private readonly List<List<Finding>> _inMemory = [];
    private readonly List<(long Offset, long Length)> _onDisk = [];
    private FileStream? _file;
    private bool _done;

    /// <param name="memoryLimit">Findings held in memory; once there are more, every run goes to disk.</param>
    /// <param name="directory">Folder for the temporary files; the system's temporary folder by default.</param>
    public FindingRuns(int memoryLimit, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryLimit);
        _memoryLimit = memoryLimit;
        _directory = directory ?? Path.GetTempPath();
    }

    /// <summary>Findings added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Runs added so far.</summary>
    public int RunCount => _inMemory.Count + _onDisk.Count;

    /// <summary>True once the findings went to disk.</summary>
    public bool Spilled => _file is not null;

    /// <summary>Adds one run: findings in the order they were found.</summary>
    public void Add(List<Finding> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ObjectDisposedException.ThrowIf(_done, this);
        if (run.Count == 0)
        {
            return;
        }

        Count += run.Count;
        if (_file is not null)
        {
            Write(run);
            return;
        }

        _inMemory.Add(run);
        if (Count > _memoryLimit)
        {
            _file = TempFile("perfeval-findings");
            foreach (var kept in _inMemory)
            {
                Write(kept);
            }

            _inMemory.Clear();
        }
    }

    /// <summary>Every finding added so far, run by run (a run on disk is sorted, one in memory is not): what the
    /// findings rules count.</summary>
    public IEnumerable<Finding> Snapshot()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_file is null)
        {
            return _inMemory.SelectMany(run => run).ToList();
        }

        _file.Flush();
        var runs = _onDisk.ToList();
        return runs.SelectMany(run => ReadRun(_file.SafeFileHandle, run.Offset, run.Length, BufferBytes));
    }

    /// <summary>Every finding in <see cref="FindingOrder"/>. The runs are released; the list owns any temporary file
    /// (dispose it).</summary>
    public IReadOnlyList<Finding> Ordered()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        if (_file is null)
        {
            var all = FindingOrder.Sort(_inMemory.SelectMany(run => run));
            _inMemory.Clear();
            return all;
        }

        try
        {
            _file.Flush();
            return Merge(_file.SafeFileHandle);
        }
        finally
        {
            _file.Dispose();
        }
    }

    public void Dispose()
    {
        _done = true;
        _inMemory.Clear();
        _file?.Dispose();
    }

    private void Write(List<Finding> run)
    {
        var file = _file!;
        var start = file.Length;
        file.Position = start;
        using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var finding in FindingOrder.Sort(run))
            {
                _codec.Write(writer, finding);
            }
        }

        file.Flush();
        _onDisk.Add((start, file.Length - start));
    }

    /// <summary>A k-way merge of the sorted runs into a new file; ties go to the earlier run.</summary>
    private SpilledFindings Merge(SafeFileHandle runs)
    {
        var readers = _onDisk.Select(run => ReadRun(runs, run.Offset, run.Length, MergeBufferBytes).GetEnumerator())
            .ToList();
        var queue = new PriorityQueue<int, (FindingOrder Key, int Run)>(readers.Count, MergeOrder.Instance);
        var heads = new Finding[readers.Count];
        for (var r = 0; r < readers.Count; r++)
        {
            if (readers[r].MoveNext())
            {
                heads[r] = readers[r].Current;
                queue.Enqueue(r, (FindingOrder.Of(heads[r]), r));
            }
        }

        var merged = TempFile("perfeval-findings-sorted");
        try
        {
            var offsets = new long[Count];
            var n = 0;
            using (var writer = new BinaryWriter(merged, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                while (queue.TryDequeue(out var r, out _))
                {
                    offsets[n++] = merged.Position; // BinaryWriter writes through: the stream's position is exact
                    _codec.Write(writer, heads[r]);
                    if (readers[r].MoveNext())
                    {
                        heads[r] = readers[r].Current;
                        queue.Enqueue(r, (FindingOrder.Of(heads[r]), r));
                    }
                    else
                    {
                        heads[r] = null!;
                        readers[r].Dispose();
                    }
                }
            }

            merged.Flush();
            return new SpilledFindings(merged, offsets, n, _codec);
        }
        catch
        {
            merged.Dispose();
            throw;
        }
    }

    private IEnumerable<Finding> ReadRun(SafeFileHandle file, long offset, long length, int buffer)
    {
        using var reader = new BinaryReader(new BufferedStream(new RegionStream(file, offset, length), buffer),
            System.Text.Encoding.UTF8);
        var stream = reader.BaseStream;
        while (stream.Position < length)
        {
            yield return _codec.Read(reader);
        }
    }

    private FileStream TempFile(string prefix) => SpillFile.Create(_directory, prefix, BufferBytes);

    private sealed class MergeOrder : IComparer<(FindingOrder Key, int Run)>
    {
        public static readonly MergeOrder Instance = new();

        public int Compare((FindingOrder Key, int Run) x, (FindingOrder Key, int Run) y)
        {
            var c = x.Key.CompareTo(y.Key);
            return c != 0 ? c : x.Run.CompareTo(y.Run);
        }
    }
}

/// <summary>
/// The sorted findings of a large run, read from a temporary file (gone when the list is disposed): enumerating
/// reads them one after another; the indexer reads one. Safe to read from several threads at once.
/// </summary>
internal sealed class SpilledFindings : IReadOnlyList<Finding>, IDisposable
{
    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly long[] _offsets;
    private readonly FindingCodec _codec;

    internal SpilledFindings(FileStream file, long[] offsets, int count, FindingCodec codec)
    {
        _file = file;
        _handle = file.SafeFileHandle; // flushes what the stream still buffers
        _length = file.Length;
        _offsets = offsets;
        Count = count;
        _codec = codec;
    }

    public int Count { get; }

    public Finding this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var end = index + 1 < Count ? _offsets[index + 1] : _length;
            var bytes = new byte[end - _offsets[index]];
            for (var done = 0; done < bytes.Length;)
            {
                var read = RandomAccess.Read(_handle, bytes.AsSpan(done), _offsets[index] + done);
                done += read > 0 ? read : throw new EndOfStreamException("the findings' temporary file ends early");
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
            return _codec.Read(reader);
        }
    }

    public IEnumerator<Finding> GetEnumerator()
    {
        using var reader = new BinaryReader(
            new BufferedStream(new RegionStream(_handle, 0, _length), 1 << 16), System.Text.Encoding.UTF8);
        for (var i = 0; i < Count; i++)
        {
            yield return _codec.Read(reader);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _file.Dispose();
}

/// <summary>A read-only view of part of a file, read with <see cref="RandomAccess"/> (so several views of one file
/// can be read side by side).</summary>
internal sealed class RegionStream(SafeFileHandle file, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(file, buffer[..wanted], offset + _position);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
