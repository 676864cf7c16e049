using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>Form headers kept by number on disk read back equal to what was added, in any order.</summary>
public sealed class HeaderSpillTests
{
    private static List<FormHeader> Headers(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new FormHeader(
            i == 3 ? "示例单位\uD83D" : $"示例区第{i % 7}单位", // half a surrogate pair reads back as it was
            2021 + (i % 4), i % 5 == 0 ? FormKind.DepartmentOverall : FormKind.Project,
            i % 5 == 0 ? null : $"项目{i}",
            $"{2021 + (i % 4)}_sample-unit-{i:000}.txt",
            i % 6 == 0 ? null : 80m + (i % 20) + 0.25m,
            40 + i)),
    ];

    private static string Describe(FormHeader h) =>
        string.Join('|', h.UnitName, h.Year, h.Kind, h.ProjectName ?? "(none)", h.FileName,
            h.TotalScore?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)", h.TotalLine);

    [Fact]
    public void Headers_ReadBackEqual_ByNumber_InAnyOrder_AndNotHeldInMemory()
    {
        using var folder = new TempFolder("header-spill-");
        var spill = new HeaderSpill(folder.Path);
        var headers = Headers(40);

        Assert.Equal(Enumerable.Range(0, 40), headers.Select(spill.Add));

        Assert.Equal(40, spill.Count);
        Assert.Equal(headers.Select(Describe), spill.Select(Describe));
        Assert.Equal(Describe(headers[3]), Describe(spill[3]));
        Assert.Equal(headers.Select(Describe).Reverse(), Enumerable.Range(0, 40).Reverse().Select(i => Describe(spill[i])));
        Assert.NotSame(spill[5], spill[5]); // read from the file each time
        Assert.Throws<ArgumentOutOfRangeException>(() => spill[40]);
        Assert.Equal(OperatingSystem.IsWindows(), folder.Files().Length > 0); // on Unix the name goes at once

        spill.Add(headers[0]); // adding after a read: the next read sees it
        Assert.Equal(Describe(headers[0]), Describe(spill[40]));

        spill.Dispose();
        Assert.Empty(folder.Files());
        Assert.Empty(spill);
        Assert.Throws<ObjectDisposedException>(() => spill[0]);
        Assert.Throws<ObjectDisposedException>(() => spill.Add(headers[0]));
    }

    [Fact]
    public void Read_FromManyThreads_OnceAdded_ReadsEveryHeaderRight()
    {
        using var folder = new TempFolder("header-spill-");
        using var spill = new HeaderSpill(folder.Path);
        var headers = Headers(500);
        headers.ForEach(h => spill.Add(h));

        var read = new string[headers.Count];
        Parallel.For(0, headers.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            k => read[k % headers.Count] = Describe(spill[k % headers.Count]));

        Assert.Equal(headers.Select(Describe), read);
    }
}
