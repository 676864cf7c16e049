namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// Items kept for the end of a run, split into partitions by a key, with at most a fixed number in memory: beyond
/// it, the buffered items are appended to one temporary file per partition (<see cref="SpillFile"/>: on Unix
/// unlinked as soon as it is made, so nothing is left behind; elsewhere deleted when the spill is disposed). Each
/// partition is read back whole, in the order its items were added, so a rule that compares items within groups (all
/// of a group in one partition) holds one partition at a time, not the run.
/// </summary>
/// <typeparam name="T">The item; written and read with the given delegates.</typeparam>
public sealed class PartitionedSpill<T> : IDisposable
{
    private readonly List<T>[] _buffers;
    private readonly FileStream?[] _files;
    private readonly int _bufferLimit;
    private readonly Action<BinaryWriter, T> _write;
    private readonly Func<BinaryReader, T> _read;
    private readonly string _directory;
    private int _buffered;
    private bool _disposed;

    /// <param name="partitions">Number of partitions (and at most that many temporary files).</param>
    /// <param name="bufferLimit">Items held in memory, over all partitions, before they are written out.</param>
    /// <param name="write">Writes one item.</param>
    /// <param name="read">Reads one item written by <paramref name="write"/>.</param>
    /// <param name="directory">Folder for the temporary files; the system's temporary folder by default.</param>
    public PartitionedSpill(int partitions, int bufferLimit, Action<BinaryWriter, T> write, Func<BinaryReader, T> read,
        string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLimit);
        _buffers = Enumerable.Range(0, partitions).Select(_ => new List<T>()).ToArray();
        _files = new FileStream?[partitions];
        _bufferLimit = bufferLimit;
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _directory = directory ?? Path.GetTempPath();
    }

    /// <summary>Items added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Bytes written to temporary files so far (0 while everything fits in memory).</summary>
    public long SpilledBytes { get; private set; }

    /// <summary>Number of partitions.</summary>
    public int PartitionCount => _buffers.Length;

    /// <summary>Adds an item to partition <paramref name="partition"/>.</summary>
    public void Add(int partition, T item)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _buffers[partition].Add(item);
        Count++;
        if (++_buffered >= _bufferLimit)
        {
            Flush();
        }
    }

    /// <summary>The items of one partition, in the order they were added.</summary>
    public List<T> Read(int partition) => Read(partition, _read);

    /// <summary>The items of one partition, in the order they were added, those on disk read with
    /// <paramref name="read"/> (e.g. one that shares the repeated texts of the partition it reads).</summary>
    public List<T> Read(int partition, Func<BinaryReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var items = new List<T>();
        if (_files[partition] is { } file)
        {
            file.Flush();
            file.Position = 0;
            using var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
            while (file.Position < file.Length)
            {
                items.Add(read(reader));
            }

            file.Position = file.Length;
        }

        items.AddRange(_buffers[partition]);
        return items;
    }

    /// <summary>Writes every buffered item to its partition's file.</summary>
    private void Flush()
    {
        for (var p = 0; p < _buffers.Length; p++)
        {
            if (_buffers[p].Count == 0)
            {
                continue;
            }

            var file = _files[p] ??= SpillFile.Create(_directory, "perfeval-spill", 1 << 16);
            var before = file.Length;
            using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                foreach (var item in _buffers[p])
                {
                    _write(writer, item);
                }
            }

            file.Flush();
            SpilledBytes += file.Length - before;
            _buffers[p] = [];
        }

        _buffered = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var file in _files)
        {
            file?.Dispose();
        }

        Array.Clear(_buffers);
    }
}
