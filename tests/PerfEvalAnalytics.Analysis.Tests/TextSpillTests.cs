using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>Texts kept by number beyond a small tail in memory go to a temporary file and read back exactly.</summary>
public sealed class TextSpillTests
{
    [Fact]
    public void Texts_BeyondTheTail_ReadBackExactly_ByNumber_AndTheFileGoesWhenDisposed()
    {
        using var folder = new TempFolder("text-spill-");
        var spill = new TextSpill(folder.Path, tailTexts: 3);
        var texts = Enumerable.Range(0, 10)
            .Select(i => i switch
            {
                4 => string.Empty,
                7 => "2024_示例单位\uD83D.xlsx", // half a surrogate pair: UTF-8 would not give it back
                _ => $"{2020 + i}_sample-unit-{i:000}_项目支出绩效自评表.txt",
            })
            .ToList();

        Assert.Equal(Enumerable.Range(0, 10), texts.Select(spill.Add));

        Assert.Equal(10, spill.Count);
        Assert.True(spill.SpilledBytes > 0); // nine texts written out, the tenth still in memory
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0); // on Unix the name goes at once
        Assert.Equal(texts, Enumerable.Range(0, 10).Select(spill.Get));
        Assert.Equal(texts[7], spill.Get(7));
        Assert.Equal(texts.AsEnumerable().Reverse(), Enumerable.Range(0, 10).Reverse().Select(spill.Get)); // any order
        Assert.Throws<ArgumentOutOfRangeException>(() => spill.Get(10));

        spill.Dispose();
        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => spill.Get(0));
        Assert.Throws<ObjectDisposedException>(() => spill.Add("x"));
    }

    [Fact]
    public void Get_FromManyThreads_WhileNoneAdds_ReadsEveryTextRight()
    {
        using var folder = new TempFolder("text-spill-");
        using var spill = new TextSpill(folder.Path, tailTexts: 16);
        var texts = Enumerable.Range(0, 500).Select(i => $"表{i}_" + new string('文', i % 37)).ToList();
        texts.ForEach(t => spill.Add(t));

        var read = new string[texts.Count];
        Parallel.For(0, texts.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => read[k % texts.Count] = spill.Get(k % texts.Count));

        Assert.Equal(texts, read);
        // 31 full tails of 16 written out (496 texts), 4 still in memory.
        Assert.Equal(texts.Take(496).Sum(t => t.Length * 2L), spill.SpilledBytes);
    }
}
