using System.Collections;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// An append-only list kept in fixed chunks of <see cref="ChunkLength"/> items, for what a run keeps per form until
/// its last slice. A <see cref="List{T}"/> doubles its array: at 603,048 forms each such list held an array of
/// 1,048,576 slots, and while it grew from 524,288 the old and the new array lived side by side, in every rule's
/// list at the same moment. Chunks grow by one small array at a time.
/// </summary>
/// <typeparam name="T">The item.</typeparam>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    /// <summary>Items per chunk (a chunk of references is 32 kB, below the large-object heap's threshold).</summary>
    public const int ChunkLength = 4_096;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _chunks[index / ChunkLength][index % ChunkLength];
        }
    }

    public void Add(T item)
    {
        var slot = Count % ChunkLength;
        if (slot == 0)
        {
            _chunks.Add(new T[ChunkLength]);
        }

        _chunks[^1][slot] = item;
        Count++;
    }

    public void AddRange(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Lets go of every chunk.</summary>
    public void Clear()
    {
        _chunks.Clear();
        _chunks.TrimExcess();
        Count = 0;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _chunks[i / ChunkLength][i % ChunkLength];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
