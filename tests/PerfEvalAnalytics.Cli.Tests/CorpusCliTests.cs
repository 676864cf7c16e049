using System.Globalization;
using System.Text.RegularExpressions;

namespace PerfEvalAnalytics.Cli.Tests;

public sealed partial class CorpusCliTests : CliTestBase
{
    [Fact]
    public async Task Bench_Sqlite_IngestsAnalysesAndWritesTheSameRowsForTheYardstick()
    {
        var (code, stdout, stderr) = await RunAsync("bench", "--forms", "40", "--keep", Path.Combine(Folder, "bench"),
            "--warm-up", "30", "--warm-up-rounds", "2", "--repeat", "3");

        Assert.True(code == 0, stderr);
        Assert.Matches(@"warm-up \(first use, not in the ratios\): 30 forms ingested into a throw-away store in "
            + @"\d+\.\d\d s \(CPU \d+\.\d\d s, JIT [1-9]\d* methods\)", stdout);
        // Round 2 takes forms 31-40, then the first 20 again (already stored).
        Assert.Matches(@"warm-up rounds 2-2 \(the corpus's next forms each\), 20 of them already stored \(the corpus is "
            + @"smaller than the rounds\): \d+\.\d\d s \(CPU \d+\.\d\d s, JIT \d+ methods\); \d+\.\d s waiting for the JIT "
            + @"to be idle \(\d+ methods compiled meanwhile\)", stdout);
        Assert.Matches(@"yardstick warm-up \(not in the ratios\): 2 round\(s\) of the same forms, each rolled back: "
            + @"\d+\.\d\d s \(CPU \d+\.\d\d s, JIT \d+ methods\); \d+\.\d s waiting for the JIT", stdout);
        var ingested = Regex.Match(stdout, @"ingest: 40 forms \(0 failed\), (\d+) indicator rows in [^(]+\(CPU \d+\.\d\d s, JIT \d+ methods, GC \d+/\d+/\d+, pauses \d+\.\d\d s, \d+ MB allocated\)");
        Assert.True(ingested.Success, stdout);
        var yardstick = YardstickLine(stdout, "one prepared INSERT per table in one transaction");
        Assert.Equal(40, yardstick.Forms);
        Assert.Equal(long.Parse(ingested.Groups[1].Value, CultureInfo.InvariantCulture), yardstick.IndicatorRows);
        Assert.Matches(@"analyze: 40 forms, \d+ rules, \d+ findings", stdout);
        Assert.Matches(@"slowest rules \(form rules summed over threads\): [A-Z]+\d* \d+\.\d\d s", stdout);
        Assert.Matches(@"store only \(forms parsed untimed[^)]*\): \d+\.\d\d s \(CPU \d+\.\d\d s, GC \d+/\d+/\d+, pauses \d+\.\d\d s, \d+ MB allocated\); ours/yardstick \d+\.\dx wall", stdout);
        Assert.Matches(SchemaFloor(), stdout);
        // Two more timed pairs, then the median of the three ratios.
        Assert.Matches(@"pair 2: ingest \d+\.\d\d s \(0 failed; CPU [^)]*\), yardstick \d+\.\d\d s \(CPU [^)]*\): \d+\.\d\dx", stdout);
        Assert.Matches(@"pair 3: ingest \d+\.\d\d s \(0 failed; ", stdout);
        Assert.DoesNotMatch(@"pair 4:", stdout);
        var summary = Regex.Match(stdout, @"over 3 pairs \(ingest incl\. parsing\): median (\d+\.\d\d)x, min (\d+\.\d\d)x, max (\d+\.\d\d)x \(([\d.]+), ([\d.]+), ([\d.]+)\)");
        Assert.True(summary.Success, stdout);
        double At(int group) => double.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);
        var listed = new[] { At(4), At(5), At(6) }.Order().ToArray();
        Assert.Equal((listed[0], listed[1], listed[2]), (At(2), At(1), At(3)));

        // The last repeat's store holds the corpus once, as the first store does.
        await using (var repeated = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(Folder, "bench", "repeat.db")};Pooling=False"))
        {
            await repeated.OpenAsync();
            await using var forms = repeated.CreateCommand();
            forms.CommandText = "SELECT count(*) FROM forms";
            Assert.Equal(40L, (long)(await forms.ExecuteScalarAsync())!);
        }

        // The floor's scratch tables are gone from the kept store.
        await using var kept = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(Folder, "bench", "bench.db")};Pooling=False");
        await kept.OpenAsync();
        await using var left = kept.CreateCommand();
        left.CommandText = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'bench_floor%'";
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);

        // The yardstick wrote the rows the store holds, table by table.
        left.CommandText = "SELECT (SELECT count(*) FROM budget_lines), (SELECT count(*) FROM form_notes)";
        await using (var reader = await left.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetInt64(0) > 0);
            Assert.Equal(reader.GetInt64(0), yardstick.BudgetLines);
            Assert.Equal(reader.GetInt64(1), yardstick.Notes);
        }

        // Written anew by each timed pair: the corpus once, not once per pair.
        await using var plain = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(Folder, "bench", "yardstick.db")};Pooling=False");
        await plain.OpenAsync();
        await using var count = plain.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM forms), (SELECT count(*) FROM budget_lines), "
            + "(SELECT count(*) FROM indicator_rows), (SELECT count(*) FROM notes)";
        await using var counted = await count.ExecuteReaderAsync();
        Assert.True(await counted.ReadAsync());
        Assert.Equal((40L, yardstick.BudgetLines, yardstick.IndicatorRows, yardstick.Notes),
            (counted.GetInt64(0), counted.GetInt64(1), counted.GetInt64(2), counted.GetInt64(3)));
    }

    /// <summary>The yardstick's line of a bench output: its rows in all and per table.</summary>
    internal static (long Total, long Forms, long BudgetLines, long IndicatorRows, long Notes) YardstickLine(
        string stdout, string name)
    {
        var m = Regex.Match(stdout, @"yardstick: (\d+) rows \((\d+) forms, (\d+) budget lines, (\d+) indicator rows, (\d+) notes\) by "
            + Regex.Escape(name) + @" in \d+\.\d\d s = \d+ rows/s \(CPU \d+\.\d\d s, JIT \d+ methods\); the indicator rows' share \d+\.\d\d s");
        Assert.True(m.Success, stdout);
        long At(int group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        return (At(1), At(2), At(3), At(4), At(5));
    }

    /// <summary>The bench's schema-floor line: three timings and two ratios.</summary>
    [GeneratedRegex(@"schema floor \([^)]*\): into a plain table \d+\.\d\d s; with the store's keys, indexes and foreign key \d+\.\d\d s = \d+\.\dx; and its search index \d+\.\d\d s = \d+\.\dx")]
    internal static partial Regex SchemaFloor();

    [Fact]
    public async Task GenerateIngestAnalyzeEvaluate_SmallCorpus_FindsTheInjectedAnomalies()
    {
        var corpus = Path.Combine(Folder, "corpus");

        var (g, generated, _) = await RunAsync("generate", "--units", "16", "--years", "2021-2024", "--seed", "8",
            "--out", corpus, "--anomaly-rate", "0.25");
        var (i, _, ingestErr) = await RunAsync("ingest", corpus, "--db", Db);
        var (a, _, _) = await RunAsync("analyze", "--db", Db);
        var (e, table, _) = await RunAsync("evaluate", "--labels", Path.Combine(corpus, "labels.jsonl"), "--db", Db);

        Assert.Equal([0, 0, 0, 0], new[] { g, i, a, e });
        Assert.Empty(ingestErr);
        Assert.Matches(@"^wrote \d+ forms \(16 units, 2021-2024, seed 8\)", generated);
        var overall = Overall().Match(table);
        Assert.True(overall.Success, table);
        var labels = int.Parse(overall.Groups["labels"].Value, CultureInfo.InvariantCulture);
        var precision = double.Parse(overall.Groups["p"].Value, CultureInfo.InvariantCulture);
        var recall = double.Parse(overall.Groups["r"].Value, CultureInfo.InvariantCulture);
        Assert.True(labels >= 40, table);
        Assert.True(precision >= 0.95, table);
        Assert.True(recall >= 0.95, table);
    }

    [Fact]
    public async Task Generate_BadYears_IsAUsageError()
    {
        var (code, _, err) = await RunAsync("generate", "--units", "2", "--years", "2024to2021", "--out", Folder);

        Assert.Equal(PerfEvalCli.UsageError, code);
        Assert.Contains("--years 2024to2021", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--warm-up", "-1", "--warm-up must be 0 or more")]
    [InlineData("--warm-up-rounds", "0", "--warm-up-rounds must be at least 1")]
    [InlineData("--repeat", "0", "--repeat must be at least 1")]
    public async Task Bench_BadWarmUp_IsAUsageError(string option, string value, string message)
    {
        var (code, _, err) = await RunAsync("bench", "--forms", "10", "--keep", Path.Combine(Folder, "bench"), option, value);

        Assert.Equal(PerfEvalCli.UsageError, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Folder, "bench")), "nothing may run when an option is wrong");
    }

    [Fact]
    public async Task Evaluate_NoAnalysisYet_SaysSo()
    {
        var labels = Path.Combine(Folder, "labels.jsonl");
        await File.WriteAllTextAsync(labels, string.Empty);

        var (code, _, err) = await RunAsync("evaluate", "--labels", labels, "--db", Db);

        Assert.Equal(PerfEvalCli.UsageError, code);
        Assert.Contains("run perfeval analyze first", err, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^overall\s+(?<labels>\d+)\s+\d+\s+\d+\s+\d+\s+(?<p>[\d.]+)\s+(?<r>[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex Overall();
}
