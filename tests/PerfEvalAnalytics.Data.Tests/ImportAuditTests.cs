using System.Text.Json;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>An ingest's audit entry counts every file but lists a bounded number of them.</summary>
public sealed class ImportAuditTests
{
    private static List<(string File, string Outcome)> Listed(AuditRecord record, out int notListed)
    {
        using var json = JsonDocument.Parse(record.After!);
        notListed = json.RootElement.GetProperty("notListed").GetInt32();
        return
        [
            .. json.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => (f.GetProperty("file").GetString()!, f.GetProperty("outcome").GetString()!)),
        ];
    }

    [Fact]
    public void FewFiles_AreAllListed_WithTheirOutcomes_AndDistinctNamesAsTarget()
    {
        var record = AuditLog.ImportRecord("张三", [
            ("/in/a.xlsx", StoreOutcome.Added), ("/in/2023/a.xlsx", StoreOutcome.Unchanged),
            ("/in/b.txt", null), ("/in/c.txt", StoreOutcome.Replaced),
        ]);

        Assert.Equal(AuditActions.Import, record.Action);
        Assert.Equal("a.xlsx, b.txt, c.txt", record.Target);
        Assert.Equal("ingested 4 file(s): 1 added, 1 unchanged, 1 replaced, 1 failed", record.Summary);
        Assert.Equal([("/in/a.xlsx", "Added"), ("/in/2023/a.xlsx", "Unchanged"), ("/in/b.txt", "Failed"), ("/in/c.txt", "Replaced")],
            Listed(record, out var notListed));
        Assert.Equal(0, notListed);
    }

    [Fact]
    public void ManyFiles_AreCounted_TheFirstAndTheFailedListed_UpToTheLimit()
    {
        const int Files = (ImportAudit.MaxListed * 4) + 7;
        var audit = new ImportAudit();
        var paths = Enumerable.Range(0, Files).Select(i => $"/in/{i:00000}_示例单位.txt").ToList();
        // Every third file fails: beyond the first MaxListed, failed files are listed until MaxListed more.
        for (var i = 0; i < Files; i++)
        {
            audit.Add(paths[i], i % 3 == 0 ? null : StoreOutcome.Added);
        }

        var record = audit.Record("cli:ops");
        var listed = Listed(record, out var notListed);

        Assert.Equal(Files, audit.Count);
        Assert.Equal($"ingested {Files} file(s): {(Files * 2) / 3} added, 0 unchanged, 0 replaced, {(Files / 3) + 1} failed", record.Summary);
        Assert.Equal(ImportAudit.MaxListed * 2, listed.Count);
        Assert.Equal(Files - listed.Count, notListed);
        Assert.Equal(paths.Take(ImportAudit.MaxListed), listed.Take(ImportAudit.MaxListed).Select(f => f.File));
        Assert.All(listed.Skip(ImportAudit.MaxListed), f => Assert.Equal("Failed", f.Outcome));
        Assert.Equal(paths.Where((_, i) => i >= ImportAudit.MaxListed && i % 3 == 0).Take(ImportAudit.MaxListed),
            listed.Skip(ImportAudit.MaxListed).Select(f => f.File));
        // The stored target is what clipping every distinct name would give.
        var all = string.Join(", ", paths.Select(Path.GetFileName));
        Assert.Equal(all[..(AuditLog.TargetChars - 1)] + "…", AuditLog.Entry(record, DateTime.UnixEpoch).Target);
    }
}
