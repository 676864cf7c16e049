using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>Fixed-size records beyond one buffer go to a temporary file and come back in order, as often as asked.</summary>
public sealed class RecordSpillTests
{
    [Fact]
    public void Records_BeyondTheBuffer_ComeBackInOrder_AndTheFileGoesWhenDisposed()
    {
        using var folder = new TempFolder("record-spill-");
        var spill = new RecordSpill(recordBytes: 6, bufferRecords: 4, directory: folder.Path);
        for (var i = 0; i < 11; i++)
        {
            var r = spill.Append();
            Assert.All(r.ToArray(), b => Assert.Equal(0, b)); // a reused slot starts zeroed
            BitConverter.TryWriteBytes(r, i * 1_000);
            r[5] = (byte)i;
        }

        Assert.Equal(11, spill.Count);
        Assert.Equal(8 * 6, spill.SpilledBytes); // two full buffers written, three records still in memory
        // On Unix the file's name goes at once; elsewhere it is there until disposed.
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => (i * 1_000, i)), Read(spill));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (i * 1_000, i)), Read(spill)); // and again

        spill.Dispose();
        Assert.Empty(folder.Files());
        Assert.Throws<ObjectDisposedException>(() => spill.Append().Length);
        Assert.Throws<ObjectDisposedException>(() => spill.Chunks());
    }

    [Fact]
    public void Records_WithinTheBuffer_NeedNoFile()
    {
        using var folder = new TempFolder("record-spill-");
        using var spill = new RecordSpill(recordBytes: 2, bufferRecords: 8, directory: folder.Path);
        spill.Append()[0] = 7;
        spill.Append()[1] = 9;

        Assert.Equal(0, spill.SpilledBytes);
        var chunk = Assert.Single(spill.Chunks());
        Assert.Equal(new byte[] { 7, 0, 0, 9 }, chunk.Buffer[..chunk.Bytes]);
    }

    private static List<(int Value, int Index)> Read(RecordSpill spill)
    {
        var result = new List<(int, int)>();
        foreach (var (buffer, bytes) in spill.Chunks())
        {
            for (var i = 0; i < bytes; i += spill.RecordBytes)
            {
                result.Add((BitConverter.ToInt32(buffer, i), buffer[i + 5]));
            }
        }

        return result;
    }
}
