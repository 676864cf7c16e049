using PerfEvalAnalytics.Data.Tests.Providers;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

[Collection(PostgresTests.Name)]
public sealed class PostgresCliTests(PostgresServer postgres) : CliTestBase
{
    [Fact]
    public async Task IngestAnalyzeForms_WithConnection_UsePostgres()
    {
        var connection = postgres.CreateDatabase();

        var (ingest, ingestOut, _) = await RunAsync("ingest", TestData.ReferencePath, "--connection", connection);
        var (analyze, analyzeOut, _) = await RunAsync("analyze", "--connection", connection);
        var (forms, formsOut, _) = await RunAsync("forms", "--connection", connection);

        Assert.Equal([0, 0, 0], new[] { ingest, analyze, forms });
        Assert.Contains("1 added", ingestOut, StringComparison.Ordinal);
        Assert.Contains($"database postgresql://127.0.0.1:{postgres.Port}/", ingestOut, StringComparison.Ordinal);
        Assert.Contains("26 findings", analyzeOut, StringComparison.Ordinal);
        Assert.Contains("上海市闵行区虹桥镇城市运行管理中心\t2024", formsOut, StringComparison.Ordinal);
        Assert.False(File.Exists(Db), "the SQLite default must not be touched when --connection is given");
    }

    [Fact]
    public async Task Bench_WithConnection_IngestsIntoAScratchDatabase_ComparesWithCopy_AndDropsIt()
    {
        var (code, stdout, stderr) = await RunAsync("bench", "--forms", "40", "--keep", Path.Combine(Folder, "bench"),
            "--repeat", "2", "--connection", postgres.AdminConnectionString);

        Assert.True(code == 0, stderr);
        Assert.Matches($@"store: postgresql://127\.0\.0\.1:{postgres.Port}/perfeval_bench_\d+", stdout);
        var ingested = System.Text.RegularExpressions.Regex.Match(stdout, @"ingest: 40 forms \(0 failed\), (\d+) indicator rows");
        Assert.True(ingested.Success, stdout);
        var yardstick = CorpusCliTests.YardstickLine(stdout, "one binary COPY per table and 2,000 forms in one transaction");
        Assert.Equal((40L, long.Parse(ingested.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
            (yardstick.Forms, yardstick.IndicatorRows));
        Assert.True(yardstick.BudgetLines > 0);
        Assert.Matches(@"analyze: 40 forms, \d+ rules, \d+ findings", stdout);
        Assert.Contains("ratio ours/yardstick: ", stdout, StringComparison.Ordinal);
        Assert.Matches(@"store only \(forms parsed untimed[^)]*\): \d+\.\d\d s \(CPU \d+\.\d\d s, GC \d+/\d+/\d+, pauses \d+\.\d\d s, \d+ MB allocated\); ours/yardstick \d+\.\dx wall", stdout);
        Assert.Matches(CorpusCliTests.SchemaFloor(), stdout);
        Assert.Matches(@"pair 2: ingest \d+\.\d\d s \(0 failed; ", stdout);
        Assert.Matches(@"over 2 pairs \(ingest incl\. parsing\): median \d+\.\d\dx", stdout);
        await using var admin = new Npgsql.NpgsqlConnection(postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using var left = admin.CreateCommand();
        left.CommandText = "SELECT count(*) FROM pg_database WHERE datname LIKE 'perfeval_bench_%'";
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Forms_UnreachableServer_ExitsTwoWithOneLine()
    {
        var (code, _, stderr) = await RunAsync("forms", "--connection",
            "Host=127.0.0.1;Port=1;Database=x;Username=y;Timeout=2");

        Assert.Equal(2, code);
        Assert.StartsWith("error: cannot open PostgreSQL database postgresql://127.0.0.1:1/x", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
