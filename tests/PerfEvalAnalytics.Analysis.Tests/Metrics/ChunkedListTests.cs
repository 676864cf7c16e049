using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>The per-form lists a run keeps: items in the order added, across chunk boundaries.</summary>
public sealed class ChunkedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkedList<int>.ChunkLength)] // exactly one full chunk
    [InlineData((2 * ChunkedList<int>.ChunkLength) + 3)] // into a third chunk
    public void Items_InTheOrderAdded_ByIndexAndByEnumeration(int count)
    {
        var list = new ChunkedList<string>();
        list.AddRange(Enumerable.Range(0, count).Select(i => "第" + i + "表"));

        Assert.Equal(count, list.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => "第" + i + "表"), list);
        if (count > 0)
        {
            Assert.Equal("第0表", list[0]);
            Assert.Equal("第" + (count - 1) + "表", list[count - 1]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }

    [Fact]
    public void Clear_LetsGoOfEverything_AndTheListCanBeFilledAgain()
    {
        var list = new ChunkedList<int>();
        list.AddRange(Enumerable.Range(0, ChunkedList<int>.ChunkLength + 1));

        list.Clear();

        Assert.Empty(list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[0]);
        list.Add(7);
        Assert.Equal([7], list);
    }
}
