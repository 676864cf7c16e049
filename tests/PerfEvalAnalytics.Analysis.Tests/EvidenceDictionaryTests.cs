using System.Text.Json;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class EvidenceDictionaryTests
{
    [Fact]
    public void Of_SortsKeysOrdinally_AndKeepsTheLastValueOfARepeatedKey()
    {
        var map = EvidenceDictionary.Of([new("score", 1), new("Z", 2), new("a", 3), new("score", 4), new("n", 5)]);

        Assert.Equal(["Z", "a", "n", "score"], map.Keys);
        Assert.Equal([2d, 3, 5, 4], map.Values);
        Assert.Equal(4, map.Count);
        Assert.Equal(4, map["score"]);
    }

    [Fact]
    public void Lookups_FindEveryKey_AndOnlyThose()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i * 7 % 50:00}").ToList();
        var map = EvidenceDictionary.Of(keys.Select((k, i) => new KeyValuePair<string, double>(k, i)));

        foreach (var (k, i) in keys.Select((k, i) => (k, i)))
        {
            Assert.True(map.TryGetValue(k, out var v));
            Assert.Equal(i, v);
            Assert.True(map.ContainsKey(k));
        }

        Assert.False(map.TryGetValue("k", out _));
        Assert.False(map.ContainsKey("k99"));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
    }

    [Fact]
    public void Serializes_AsTheSortedDictionaryDid()
    {
        var pairs = new KeyValuePair<string, double>[] { new("b", 0.5), new("a", 2), new("c", -1) };
        var sorted = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            sorted[k] = v;
        }

        IReadOnlyDictionary<string, double> map = EvidenceDictionary.Of(pairs);
        IReadOnlyDictionary<string, double> expected = sorted;

        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(map));
    }

    [Fact]
    public void Empty_HasNoEntries()
    {
        var map = EvidenceDictionary.Of([]);

        Assert.Empty(map);
        Assert.False(map.ContainsKey("score"));
    }
}
