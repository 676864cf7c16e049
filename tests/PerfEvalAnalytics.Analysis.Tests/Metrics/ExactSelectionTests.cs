using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Analysis.Rules.Distribution;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class ExactSelectionTests
{
    /// <summary>Values with many ties, negatives, tiny and large magnitudes, in a seeded random order.</summary>
    private static List<double> Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => (i % 4) switch
        {
            0 => Math.Round(random.NextDouble() * 100, 1),
            1 => -random.NextDouble() * 1e6,
            2 => random.NextDouble() * 1e-9,
            _ => 95.5,
        }).OrderBy(_ => random.Next()).ToList();
    }

    [Theory]
    [InlineData(1)] // narrowed down in passes to a single value's range
    [InlineData(7)] // narrowed down until seven are left to sort
    [InlineData(10_000)] // all sorted in memory
    public void Select_EveryRank_IsTheSortedListsValue_WithinFourPasses(int inMemory)
    {
        var values = Values(301, seed: 3);
        var sorted = values.Order().ToList();
        for (var rank = 0; rank < values.Count; rank++)
        {
            var passes = 0;
            var value = ExactSelection.Select(() => { passes++; return values; }, rank, inMemory);

            Assert.Equal(sorted[rank], value);
            Assert.InRange(passes, 1, 4);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1_000)]
    public void Median_OddAndEvenCounts_EqualsTheListMedian(int inMemory)
    {
        foreach (var count in new[] { 1, 2, 9, 10, 200, 201 })
        {
            var values = Values(count, seed: count);

            Assert.Equal(BatchMath.Median(values), ExactSelection.Median(() => values, count, inMemory));
        }
    }

    [Fact]
    public void Median_MoreEqualValuesThanFitInMemory_IsThatValue()
    {
        var values = Enumerable.Repeat(87.25, 50).Append(12.0).Append(99.0).ToList();

        Assert.Equal(87.25, ExactSelection.Median(() => values, values.Count, inMemory: 3));
    }

    [Fact]
    public void Select_ValuesChangedBetweenPasses_IsRefused()
    {
        var calls = 0;
        IEnumerable<double> Shrinking() => calls++ == 0 ? Enumerable.Range(0, 20).Select(i => (double)i) : [1.0];

        Assert.Throws<ArgumentOutOfRangeException>(() => ExactSelection.Select(Shrinking, 15, inMemory: 2));
        Assert.Throws<ArgumentException>(() => ExactSelection.Median(() => [1.0, 2.0], 3));
        Assert.Throws<ArgumentException>(() => ExactSelection.Select(() => [double.NaN], 0));
        Assert.Throws<ArgumentException>(() => ExactSelection.Median(() => [1.0, double.NaN], 2));
    }

    [Fact]
    public void Median_ZerosOfBothSigns_InMemoryKeepsTheirOrder_PassesGivePlusZero()
    {
        // A list's median is its stable sort's middle value (−2, −1, −0.0, 0.0, 1): −0.0, as it came first. Passes
        // down to a single value's range cannot tell the two zeros' order, and give +0.0.
        List<double> values = [-0.0, 1.0, 0.0, -1.0, -2.0];

        Assert.True(double.IsNegative(BatchMath.Median(values)));
        Assert.True(double.IsNegative(ExactSelection.Median(() => values, values.Count)));
        var narrowed = ExactSelection.Median(() => values, values.Count, inMemory: 1);
        Assert.Equal(0.0, narrowed);
        Assert.False(double.IsNegative(narrowed));
    }

    [Fact]
    public void Key_OrdersBitsAsTheDoublesAreOrdered()
    {
        double[] ordered = [double.NegativeInfinity, -1e300, -1.5, -double.Epsilon, 0.0, double.Epsilon, 1.5, 1e300,
            double.PositiveInfinity];

        Assert.Equal(ordered, ordered.Reverse().OrderBy(ExactSelection.Key).ToArray());
    }
}
