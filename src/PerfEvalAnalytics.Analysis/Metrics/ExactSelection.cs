using System.Numerics;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// Exact order statistics (the k-th smallest value, the median) of values that can be read again, in bounded memory:
/// values up to a fixed number are sorted in memory, as a list would be (a stable sort); more are narrowed down by
/// passes over them, each counting the values in 65,536 ranges of the IEEE bit pattern of the range still open, until
/// the rank's range holds few enough to sort or a single value (at most four passes: 16 of the 64 bits each). The
/// result is the value a sort of all of them would put at that rank, whatever their number; only the memory is
/// bounded, not the passes. −0.0 counts as 0.0 in the passes (a stable sort keeps the two in the order they came, which
/// passes cannot know): a median of more values than fit in memory that falls on zeros of both signs is +0.0.
/// </summary>
internal static class ExactSelection
{
    /// <summary>Values sorted in memory at most (8 MB).</summary>
    public const int DefaultInMemory = 1 << 20;

    private const int BucketBits = 16;
    private const ulong SignBit = 1UL << 63;

    /// <summary>The median of <paramref name="count"/> values (the mean of the two middle ones for an even count),
    /// as <see cref="Rules.Distribution.BatchMath.Median"/> gives it for a list.</summary>
    /// <param name="values">Reads the values again from the start each time it is called; the same values each time.</param>
    /// <param name="count">How many values it gives.</param>
    /// <param name="inMemory">Values sorted in memory at most.</param>
    public static double Median(Func<IEnumerable<double>> values, long count, int inMemory = DefaultInMemory)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inMemory);
        var mid = count / 2;
        if (count <= inMemory)
        {
            var sorted = Sorted(values(), count);
            return count % 2 == 1 ? sorted[(int)mid] : (sorted[(int)mid - 1] + sorted[(int)mid]) / 2;
        }

        return count % 2 == 1
            ? Select(values, mid, inMemory)
            : (Select(values, mid - 1, inMemory) + Select(values, mid, inMemory)) / 2;
    }

    /// <summary>The value of rank <paramref name="rank"/> (0: the smallest) in ascending order.</summary>
    /// <param name="values">Reads the values again from the start each time it is called; the same values each time,
    /// none NaN.</param>
    /// <param name="rank">The rank, below the number of values.</param>
    /// <param name="inMemory">Values sorted in memory at most.</param>
    public static double Select(Func<IEnumerable<double>> values, long rank, int inMemory = DefaultInMemory)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inMemory);

        // The values whose keys lie in [low, high] hold the rank; `below` values have smaller keys.
        var (low, high, below) = (0UL, ulong.MaxValue, 0L);
        var histogram = new long[1 << BucketBits];
        while (true)
        {
            if (low == high)
            {
                return FromKey(low);
            }

            var shift = Math.Max(0, 64 - BitOperations.LeadingZeroCount(high - low) - BucketBits);
            Array.Clear(histogram);
            var kept = new List<double>();
            var inRange = 0L;
            foreach (var value in values())
            {
                if (double.IsNaN(value))
                {
                    throw new ArgumentException("NaN has no rank", nameof(values));
                }

                var key = Key(value);
                if (key < low || key > high)
                {
                    continue;
                }

                histogram[(key - low) >> shift]++;
                if (++inRange <= inMemory)
                {
                    kept.Add(value);
                }
                else if (kept.Count > 0)
                {
                    kept = [];
                }
            }

            var wanted = rank - below;
            if (wanted >= inRange)
            {
                throw new ArgumentOutOfRangeException(nameof(rank), rank, "rank beyond the values (or they changed between passes)");
            }

            if (inRange <= inMemory)
            {
                return Sorted(kept, kept.Count)[(int)wanted];
            }

            for (var b = 0; ; b++)
            {
                if (wanted < histogram[b])
                {
                    low += (ulong)b << shift;
                    high = Math.Min(high, low + ((1UL << shift) - 1));
                    break;
                }

                wanted -= histogram[b];
                below += histogram[b];
            }
        }
    }

    /// <summary>The values sorted, as <c>Order()</c> sorts them (stable: equal values, 0.0 and −0.0 among them,
    /// keep the order they came in).</summary>
    private static List<double> Sorted(IEnumerable<double> values, long count)
    {
        var list = new List<double>((int)count);
        list.AddRange(values);
        if (list.Count != count)
        {
            throw new ArgumentException($"expected {count} values, read {list.Count}", nameof(values));
        }

        if (list.Exists(double.IsNaN))
        {
            throw new ArgumentException("NaN has no rank", nameof(values));
        }

        return [.. list.Order()];
    }

    /// <summary>The double's bits as an unsigned number in the doubles' order (negative values flipped; −0.0 as 0.0).</summary>
    internal static ulong Key(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0.0 : value);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    private static double FromKey(ulong key) =>
        BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key & ~SignBit : ~key);
}
