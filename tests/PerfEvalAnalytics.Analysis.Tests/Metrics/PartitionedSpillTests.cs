using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class PartitionedSpillTests
{
    private static PartitionedSpill<(int, string)> Spill(int bufferLimit, string directory) =>
        new(3, bufferLimit, (w, x) => { w.Write(x.Item1); w.Write(x.Item2); }, r => (r.ReadInt32(), r.ReadString()),
            directory);

    [Theory]
    [InlineData(1)] // every item written out as it comes
    [InlineData(4)] // some on disk, the rest in memory
    [InlineData(1_000)] // nothing on disk
    public void Read_ItemsOfEachPartition_InTheOrderAdded(int bufferLimit)
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(bufferLimit, folder.Path);
        for (var i = 0; i < 20; i++)
        {
            spill.Add(i % 3, (i, "第" + i + "行：受疫情影响"));
        }

        Assert.Equal(20, spill.Count);
        Assert.Equal(bufferLimit < 20, spill.SpilledBytes > 0);
        for (var p = 0; p < 3; p++)
        {
            var expected = Enumerable.Range(0, 20).Where(i => i % 3 == p).Select(i => (i, "第" + i + "行：受疫情影响"));
            Assert.Equal(expected, spill.Read(p));
            Assert.Equal(expected, spill.Read(p)); // reading leaves the partition as it was
        }

        spill.Add(0, (99, "续"));
        Assert.Equal((99, "续"), spill.Read(0)[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1_000)]
    public void Stream_EachPass_ReadsThePartitionFromTheStart_AsReadDoes(int bufferLimit)
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(bufferLimit, folder.Path);
        for (var i = 0; i < 20; i++)
        {
            spill.Add(i % 3, (i, "第" + i + "行"));
        }

        for (var p = 0; p < 3; p++)
        {
            var whole = spill.Read(p);
            // A pass left half-way (as a rule stops at its first hit) does not disturb the next one.
            Assert.Equal(whole.Take(2), spill.Stream(p, r => (r.ReadInt32(), r.ReadString())).Take(2));
            Assert.Equal(whole, spill.Stream(p, r => (r.ReadInt32(), r.ReadString())));
            Assert.Equal(whole, spill.Stream(p, r => (r.ReadInt32(), r.ReadString())));
        }

        // A pass inside a pass, or an item added during one, would read or write at the wrong place: refused.
        using (var pass = spill.Stream(1, r => (r.ReadInt32(), r.ReadString())).GetEnumerator())
        {
            Assert.True(pass.MoveNext());
            Assert.Throws<InvalidOperationException>(() => spill.Stream(1, r => (r.ReadInt32(), r.ReadString())).First());
            Assert.Throws<InvalidOperationException>(() => spill.Add(2, (98, "中途")));
            // A pass over another partition meanwhile (as E4 streams partitions on several threads) is fine.
            Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 3 == 2),
                spill.Stream(2, r => (r.ReadInt32(), r.ReadString())).Select(x => x.Item1));
        }

        // Items added after a pass are written after the others, not over them.
        spill.Add(0, (99, "续"));
        Assert.Equal([.. Enumerable.Range(0, 20).Where(i => i % 3 == 0), 99],
            spill.Stream(0, r => (r.ReadInt32(), r.ReadString())).Select(x => x.Item1));
    }

    [Fact]
    public void Read_WithAReader_ReadsTheItemsOnDiskWithIt_AndSharesTheirRepeatedTexts()
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(4, folder.Path);
        for (var i = 0; i < 6; i++)
        {
            spill.Add(0, (i, "第" + (i % 2) + "单位"));
        }

        // 4 items were written out at the fourth; the last 2 are still in memory.
        var pool = new StringPool();
        var onDisk = 0;
        var read = spill.Read(0, r =>
        {
            onDisk++;
            return (r.ReadInt32(), pool.Share(r.ReadString()));
        });

        Assert.Equal(4, onDisk);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (i, "第" + (i % 2) + "单位")), read);
        Assert.Same(read[0].Item2, read[2].Item2); // equal texts read from disk are one instance
        Assert.Same(read[1].Item2, read[3].Item2);
        Assert.Equal(2, pool.Count);
        Assert.Equal(read, spill.Read(0)); // the default reader finds the same items
    }

    [Fact]
    public void ReadInParts_APartitionWithinTheLimit_IsOnePart()
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(4, folder.Path);
        for (var i = 0; i < 9; i++)
        {
            spill.Add(0, (i, "组" + (i % 3)));
        }

        var parts = spill.ReadInParts(0, spill.PartitionBytes(0), x => x.Item2.GetHashCode(StringComparison.Ordinal), r => (r.ReadInt32(), r.ReadString())).ToList();

        Assert.True(spill.PartitionBytes(0) > 0);
        Assert.Equal([spill.Read(0)], parts);
    }

    [Fact]
    public void ReadInParts_ALargerPartition_IsSplitIntoPartsOfWholeGroups_InTheOrderAdded()
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(16, folder.Path);
        var groups = Enumerable.Range(0, 12).Select(g => "第" + g + "组：受疫情影响").ToList();
        for (var i = 0; i < 100; i++)
        {
            spill.Add(1, (i, groups[i * 7 % 12])); // 96 on disk, the last 4 still in memory
        }

        var bytes = spill.PartitionBytes(1);
        var parts = spill.ReadInParts(1, bytes / 3, x => x.Item2.GetHashCode(StringComparison.Ordinal) ^ 0x5A5A, r => (r.ReadInt32(), r.ReadString())).ToList();

        Assert.True(parts.Count(p => p.Count > 0) > 1, "split into more than one part");
        Assert.True(parts.Count <= bytes / (bytes / 3) + 1);
        var whole = spill.Read(1);
        Assert.Equal(100, whole.Count);
        Assert.Equal(whole.OrderBy(x => x.Item1), parts.SelectMany(p => p).OrderBy(x => x.Item1)); // each item once
        foreach (var group in groups)
        {
            // A group is in one part, in the order its items were added.
            var holding = parts.Where(p => p.Any(x => x.Item2 == group)).ToList();
            Assert.Single(holding);
            Assert.Equal(whole.Where(x => x.Item2 == group), holding[0].Where(x => x.Item2 == group));
        }

        Assert.Equal(bytes, spill.PartitionBytes(1)); // the partition itself is left as it was
        Assert.Equal(whole, spill.Read(1));
        spill.Add(1, (100, groups[0]));
        Assert.Equal(101, spill.Read(1).Count);
    }

    [Theory]
    [InlineData(false)] // within the limit: the partition is one part
    [InlineData(true)] // split into parts of whole groups
    public void ReadInParts_EachPartIsAdmittedWithItsBytes_BeforeItIsRead_AndReleasedBeforeTheNext(bool split)
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(16, folder.Path);
        var items = Enumerable.Range(0, 100).Select(i => (i, "第" + (i * 7 % 12) + "组：受疫情影响")).ToList();
        foreach (var item in items)
        {
            spill.Add(1, item);
        }

        var bytes = spill.PartitionBytes(1);
        var events = new List<string>();
        var admitted = new List<long>();
        IDisposable Admit(long b)
        {
            admitted.Add(b);
            events.Add("admit");
            return new Released(() => events.Add("release"));
        }

        foreach (var part in spill.ReadInParts(1, split ? bytes / 3 : bytes, x => x.Item2.GetHashCode(StringComparison.Ordinal) ^ 0x5A5A,
                     r => (r.ReadInt32(), r.ReadString()), Admit))
        {
            events.Add("part");
        }

        Assert.True(split ? admitted.Count > 1 : admitted.Count == 1, $"{admitted.Count} parts admitted");
        Assert.Equal(Enumerable.Range(0, admitted.Count).SelectMany(_ => AdmitReadRelease), events);
        // Split: every part's bytes on disk, all 100 items written out (the four still in memory too); whole: the
        // partition's bytes on disk.
        using var all = new MemoryStream();
        using (var w = new BinaryWriter(all, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var (i, text) in items)
            {
                w.Write(i);
                w.Write(text);
            }
        }

        Assert.Equal(split ? all.Length : bytes, admitted.Sum());
    }

    [Fact]
    public void ReadInParts_AbandonedWhileAPartIsOut_ReleasesIt()
    {
        using var folder = new TempFolder("spill-test-");
        using var spill = Spill(1, folder.Path);
        for (var i = 0; i < 30; i++)
        {
            spill.Add(0, (i, "第" + (i % 5) + "组"));
        }

        var gate = new MemoryGate(1 << 20);
        var bytes = spill.PartitionBytes(0);
        // Five parts, one residue each (a string hash, seeded per process, could leave the first part empty).
        foreach (var part in spill.ReadInParts(0, bytes / 4, x => x.Item1 % 5, r => (r.ReadInt32(), r.ReadString()),
                     b => gate.Enter(b)))
        {
            Assert.NotEmpty(part);
            Assert.True(gate.Held > 0);
            break;
        }

        Assert.Equal(0, gate.Held);
    }

    private static readonly string[] AdmitReadRelease = ["admit", "part", "release"];

    private sealed class Released(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }

    [Fact]
    public void Dispose_NoFilesLeft_AndLaterUseThrows()
    {
        using var folder = new TempFolder("spill-test-");
        var spill = Spill(2, folder.Path);
        for (var i = 0; i < 10; i++)
        {
            spill.Add(i % 3, (i, "x"));
        }

        Assert.True(spill.SpilledBytes > 0);
        // On Unix a file's name is removed as soon as it is made (the handle keeps the data): a killed process
        // leaves nothing behind. Elsewhere the files are there until disposed.
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0);
        Assert.Equal([0, 3, 6, 9], spill.Read(0).Select(x => x.Item1));
        spill.Dispose();

        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => spill.Add(0, (1, "y")));
    }
}
