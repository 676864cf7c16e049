using System.Text.Json;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

public sealed class CliTests : CliTestBase
{
    [Fact]
    public async Task ParseJson_Reference_PrintsTheGoldenJson()
    {
        var (code, stdout, stderr) = await RunAsync("parse", TestData.ReferencePath, "--json");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        var golden = await File.ReadAllTextAsync(Path.Combine(TestData.RepoRoot, "tests",
            "PerfEvalAnalytics.Ingestion.Tests", "Golden", TestData.ReferenceFileName + ".expected.json"));
        Assert.Equal(golden.ReplaceLineEndings(), stdout.ReplaceLineEndings());
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(62, doc.RootElement.GetProperty("indicators").GetArrayLength());
    }

    [Fact]
    public async Task Parse_Summary_ShowsBlocksAndTotals()
    {
        var (code, stdout, _) = await RunAsync("parse", TestData.ReferencePath);

        Assert.Equal(0, code);
        Assert.Contains("产出指标 (weight 25): 39 rows, 分值 25.00, 得分 24.99", stdout, StringComparison.Ordinal);
        Assert.Contains("总分: 分值 100.00, 得分 99.99 (line 78)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_BadFile_PrintsOneLineErrorAndExitsNonZero()
    {
        var path = Path.Combine(Folder, "empty.txt");
        await File.WriteAllBytesAsync(path, []);

        var (code, stdout, stderr) = await RunAsync("parse", path);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Equal("error: empty.txt: empty file (0 bytes); expected a self-evaluation form", stderr.Trim());
    }

    [Fact]
    public async Task Ingest_FolderWithABadFile_ReportsEachFile_ExitsOne_AndStoresTheRest()
    {
        var input = Path.Combine(Folder, "in");
        Directory.CreateDirectory(input);
        File.Copy(TestData.ExamplePath, Path.Combine(input, TestData.ExampleFileName));
        await File.WriteAllTextAsync(Path.Combine(input, "roster.txt"), "姓名\t电话\n张三\t123\n");

        var (code, stdout, _) = await RunAsync("ingest", input, "--db", Db);

        Assert.Equal(1, code);
        Assert.Contains("failed     ", stdout, StringComparison.Ordinal);
        Assert.Contains("roster.txt: not a self-evaluation form", stdout, StringComparison.Ordinal);
        Assert.Contains("added      ", stdout, StringComparison.Ordinal);
        Assert.Contains("2 files: 1 added, 0 unchanged, 0 replaced, 1 failed", stdout, StringComparison.Ordinal);

        var (listCode, list, _) = await RunAsync("forms", "--db", Db, "--json");
        Assert.Equal(0, listCode);
        using var doc = JsonDocument.Parse(list);
        var form = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("示例市示例区市容管理所（示例）", form.GetProperty("unit").GetString());
        Assert.Equal(12, form.GetProperty("indicatorCount").GetInt32());
    }

    [Fact]
    public async Task Ingest_Twice_SecondRunSaysUnchangedAndExitsZero()
    {
        await RunAsync("ingest", TestData.ReferencePath, "--db", Db);

        var (code, stdout, _) = await RunAsync("ingest", TestData.ReferencePath, "--db", Db);

        Assert.Equal(0, code);
        Assert.Contains("1 files: 0 added, 1 unchanged, 0 replaced, 0 failed", stdout, StringComparison.Ordinal);
        var (_, list, _) = await RunAsync("forms", "--db", Db);
        Assert.Contains("上海市闵行区虹桥镇城市运行管理中心\t2024\tDepartmentOverall\t-\t62\t100.00\t99.99\t"
            + TestData.ReferenceFileName, list, StringComparison.Ordinal);
        Assert.Contains("1 forms", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_MissingPath_IsReportedAndExitsOne()
    {
        var (code, _, stderr) = await RunAsync("ingest", Path.Combine(Folder, "nope"), "--db", Db);

        Assert.Equal(1, code);
        Assert.Contains("no such file or folder", stderr, StringComparison.Ordinal);
    }
}
