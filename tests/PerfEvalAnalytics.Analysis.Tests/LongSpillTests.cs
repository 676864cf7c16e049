using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>Numbers kept by index beyond a small tail in memory go to a temporary file and read back exactly.</summary>
public sealed class LongSpillTests
{
    [Fact]
    public void Numbers_BeyondTheTail_ReadBackByIndex_InAnyOrder_AndTheFileGoesWhenDisposed()
    {
        using var folder = new TempFolder("long-spill-");
        var spill = new LongSpill(folder.Path, tailNumbers: 4);
        long[] numbers = [0, 1, -1, long.MaxValue, long.MinValue, 1L << 40, 7, 8, 9, 123_456_789_012];

        Assert.Equal(Enumerable.Range(0, numbers.Length), numbers.Select(spill.Add));

        Assert.Equal(numbers.Length, spill.Count);
        Assert.Equal(8 * sizeof(long), spill.SpilledBytes); // two full tails of four written, two numbers in memory
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0); // on Unix the name goes at once
        Assert.Equal(numbers, Enumerable.Range(0, numbers.Length).Select(i => spill[i]));
        Assert.Equal(numbers.Reverse(), Enumerable.Range(0, numbers.Length).Reverse().Select(i => spill[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => spill[numbers.Length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => spill[-1]);

        spill.Dispose();
        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => spill[0]);
        Assert.Throws<ObjectDisposedException>(() => spill.Add(1));
    }

    [Fact]
    public async Task Read_FromManyThreads_WhileOneAdds_ReadsEveryNumberAddedSoFar()
    {
        using var folder = new TempFolder("long-spill-");
        using var spill = new LongSpill(folder.Path, tailNumbers: 16);
        const int Count = 5_000;
        var adding = Task.Run(() =>
        {
            for (var i = 0; i < Count; i++)
            {
                spill.Add(i * 3L);
            }
        });
        var wrong = 0;
        Parallel.For(0, 4, _ =>
        {
            while (!adding.IsCompleted || spill.Count < Count)
            {
                var seen = spill.Count;
                for (var i = Math.Max(0, seen - 40); i < seen; i++)
                {
                    if (spill[i] != i * 3L)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        });
        await adding;

        Assert.Equal(0, wrong);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i * 3L), Enumerable.Range(0, Count).Select(i => spill[i]));
        Assert.Equal((Count - (Count % 16)) * (long)sizeof(long), spill.SpilledBytes);
    }
}
