namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// Items kept for the end of a run, split into partitions by a key, with at most a fixed number in memory: beyond
/// it, the buffered items are appended to one temporary file per partition (<see cref="SpillFile"/>: on Unix
/// unlinked as soon as it is made, so nothing is left behind; elsewhere deleted when the spill is disposed). Each
/// partition is read back in the order its items were added, whole (<see cref="Read(int)"/>) or in parts of whole
/// groups (<see cref="ReadInParts"/>), so a rule that compares items within groups (all of a group in one partition)
/// holds one partition, or one part of it, at a time, not the run.
/// </summary>
/// <typeparam name="T">The item; written and read with the given delegates.</typeparam>
public sealed class PartitionedSpill<T> : IDisposable
{
    /// <summary>Most parts a partition is split into.</summary>
    private const int MaxParts = 256;

    /// <summary>Items a split holds in memory before writing them to its parts.</summary>
    private const int SplitBuffer = 4_096;

    private readonly List<T>[] _buffers;
    private readonly FileStream?[] _files;
    private readonly int _bufferLimit;
    private readonly Action<BinaryWriter, T> _write;
    private readonly Func<BinaryReader, T> _read;
    private readonly string _directory;
    private int _buffered;
    /// <summary>Passes open, over all partitions (items may not be added during one).</summary>
    private int _streams;
    /// <summary>Per partition, whether a pass over it is open (one at a time: they share its file's position);
    /// passes over different partitions may run on different threads.</summary>
    private readonly int[] _streaming;
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
        _streaming = new int[partitions];
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
        if (Volatile.Read(ref _streams) > 0)
        {
            throw new InvalidOperationException("items added while a partition is streamed (Stream)");
        }

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

    /// <summary>
    /// The items of one partition, in the order they were added, read one at a time as they are enumerated: a pass
    /// over the partition holds one item, not the partition. Each enumeration reads it again from the start; one
    /// enumeration at a time (a partition's passes share its file), and no item added during one: either is refused
    /// (<see cref="InvalidOperationException"/>).
    /// </summary>
    public IEnumerable<T> Stream(int partition, Func<BinaryReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StreamItems(partition, read);
    }

    private IEnumerable<T> StreamItems(int partition, Func<BinaryReader, T> read)
    {
        if (Interlocked.Exchange(ref _streaming[partition], 1) != 0)
        {
            // One file position per partition: a second pass inside the first would read from the wrong place.
            throw new InvalidOperationException("a partition is already being streamed: one pass at a time");
        }

        Interlocked.Increment(ref _streams);
        try
        {
            if (_files[partition] is { } file)
            {
                file.Flush();
                var length = file.Length;
                try
                {
                    file.Position = 0;
                    using var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
                    while (file.Position < length)
                    {
                        yield return read(reader);
                    }
                }
                finally
                {
                    if (!_disposed)
                    {
                        file.Position = file.Length;
                    }
                }
            }

            foreach (var item in _buffers[partition])
            {
                yield return item;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _streams);
            Volatile.Write(ref _streaming[partition], 0);
        }
    }

    /// <summary>Bytes of partition <paramref name="partition"/> on disk (0 while it is all in memory).</summary>
    public long PartitionBytes(int partition)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_files[partition] is not { } file)
        {
            return 0;
        }

        file.Flush();
        return file.Length;
    }

    /// <summary>
    /// The items of one partition in parts, each holding at most about <paramref name="maxBytes"/> of it on disk:
    /// a partition within that is one part (<see cref="Read(int, Func{BinaryReader, T})"/>); a larger one is first
    /// streamed, item by item, into as many temporary sub-partitions by <paramref name="subKey"/> (items of one
    /// sub-key stay together, in the order they were added), which are then read back one at a time.
    /// </summary>
    /// <param name="partition">The partition.</param>
    /// <param name="maxBytes">Bytes on disk a part should not exceed (a single sub-key may: it is never split).</param>
    /// <param name="subKey">Hash of the group an item belongs to; it must not be the partition's own hash (or a
    /// multiple of it), else every item of the partition falls into one part.</param>
    /// <param name="read">Reads an item (e.g. one that shares repeated texts).</param>
    /// <param name="admit">Called with a part's bytes on disk before the part is read; what it returns is disposed
    /// when the caller asks for the next part (or stops): e.g. a <see cref="MemoryGate"/> lease, so that parts read
    /// on several threads at once do not add up beyond a budget.</param>
    public IEnumerable<List<T>> ReadInParts(int partition, long maxBytes, Func<T, int> subKey, Func<BinaryReader, T> read,
        Func<long, IDisposable>? admit = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Parts(partition, maxBytes, subKey, read, admit is null ? null : part => admit(part.Bytes))
            .Select(part => part.ReadAll());
    }

    /// <summary>
    /// The parts of one partition as <see cref="ReadInParts"/> makes them, each not yet read: the caller reads a part
    /// whole or streams it (twice if need be), e.g. to compare a part too large for memory out of it.
    /// </summary>
    /// <param name="partition">The partition.</param>
    /// <param name="maxBytes">Bytes on disk a part should not exceed (a single sub-key may: it is never split).</param>
    /// <param name="subKey">As for <see cref="ReadInParts"/>.</param>
    /// <param name="read">Reads an item when a part is read whole.</param>
    /// <param name="admit">Called with each part before it is handed over; what it returns is disposed when the
    /// caller asks for the next part (or stops).</param>
    public IEnumerable<SpillPart<T>> Parts(int partition, long maxBytes, Func<T, int> subKey, Func<BinaryReader, T> read,
        Func<SpillPart<T>, IDisposable>? admit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentNullException.ThrowIfNull(subKey);
        ArgumentNullException.ThrowIfNull(read);
        return PartsOf(partition, maxBytes, subKey, read, admit);
    }

    private IEnumerable<SpillPart<T>> PartsOf(int partition, long maxBytes, Func<T, int> subKey,
        Func<BinaryReader, T> read, Func<SpillPart<T>, IDisposable>? admit)
    {
        var bytes = PartitionBytes(partition);
        if (bytes <= maxBytes)
        {
            var whole = new SpillPart<T>(bytes, () => Read(partition, read), r => Stream(partition, r));
            using (admit?.Invoke(whole))
            {
                yield return whole;
            }

            yield break;
        }

        var count = (int)Math.Min(MaxParts, bytes / maxBytes + 1);
        using var parts = new PartitionedSpill<T>(count, SplitBuffer, _write, read, _directory);
        var file = _files[partition]!;
        file.Position = 0;
        using (var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            while (file.Position < bytes)
            {
                var item = read(reader);
                parts.Add(PartOf(subKey(item), count), item);
            }
        }

        file.Position = file.Length;
        foreach (var item in _buffers[partition])
        {
            parts.Add(PartOf(subKey(item), count), item);
        }

        parts.Flush(); // every part on disk, so that its bytes are known before it is read
        for (var p = 0; p < count; p++)
        {
            var index = p;
            var part = new SpillPart<T>(parts.PartitionBytes(p), () => parts.Read(index), r => parts.Stream(index, r));
            using (admit?.Invoke(part))
            {
                yield return part;
            }
        }
    }

    private static int PartOf(int hash, int count) => (int)(unchecked((uint)hash) % (uint)count);

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

/// <summary>One part of a <see cref="PartitionedSpill{T}"/> partition (<see cref="PartitionedSpill{T}.Parts"/>):
/// valid until the next part is asked for.</summary>
/// <param name="bytes">Its bytes on disk.</param>
/// <param name="readAll">Reads it whole.</param>
/// <param name="stream">Reads it one item at a time with the given reader.</param>
public sealed class SpillPart<T>(long bytes, Func<List<T>> readAll, Func<Func<BinaryReader, T>, IEnumerable<T>> stream)
{
    /// <summary>Its bytes on disk.</summary>
    public long Bytes { get; } = bytes;

    /// <summary>Its items, in the order they were added.</summary>
    public List<T> ReadAll() => readAll();

    /// <summary>Its items one at a time, in the order they were added, each read by <paramref name="read"/>; each
    /// enumeration reads it again from the start.</summary>
    public IEnumerable<T> Stream(Func<BinaryReader, T> read) => stream(read);
}
