using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Generator;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// <c>perfeval bench --forms N [--seed S] [--keep DIR] [--warm-up W] [--warm-up-rounds R] [--repeat K] [--connection PG]</c>:
/// generates N forms in a scratch folder and measures, in one run, generation, a warm-up (R ingests of W forms each
/// into a throw-away store: first use), parsing alone, ingest (forms/s, rows/s), analysis (load, rules, store), peak
/// memory, database size, and the yardstick (<see cref="Yardstick"/>): the same rows (forms, budget lines, indicator
/// rows, notes) written by the engine's plainest fast path (SQLite: a prepared Microsoft.Data.Sqlite INSERT per table
/// in one transaction; PostgreSQL, with --connection: binary COPYs in one transaction, in a scratch database). Prints
/// figures, asserts nothing (speed is never a unit test).
/// </summary>
internal static class BenchCommand
{
    /// <summary>Forms per unit and year on average (one department form and 1–3 projects).</summary>
    private const double FormsPerUnitYear = 2.9;

    private const int FromYear = 2021;
    private const int ToYear = 2024;

    public static Command Create(CliConsole console)
    {
        var forms = new Option<int>("--forms") { Description = "Number of forms to generate and load.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 1 };
        var keep = new Option<string?>("--keep") { Description = "Work in this folder and keep it (default: a temporary folder, deleted)." };
        var warmUp = new Option<int>("--warm-up")
        {
            Description = "Files (one form each) of each warm-up round: ingested into a throw-away store before the timed ingest, so that it measures throughput, not first use (0: no warm-up).",
            DefaultValueFactory = _ => DefaultWarmUpForms,
        };
        var warmUpRounds = new Option<int>("--warm-up-rounds")
        {
            Description = "Warm-up rounds, each on the corpus's next files and followed by a wait until the JIT has compiled nothing for 150 ms, at most 5 s (1: one round, no wait).",
            DefaultValueFactory = _ => DefaultWarmUpRounds,
        };
        var repeat = new Option<int?>("--repeat")
        {
            Description = "Timed pairs of ingest (each into a new store) and yardstick in all, alternating; from 2 on, each further pair and the ratios' median, minimum and maximum are printed (default: 5 up to 10,000 forms, 1 above).",
        };
        var rules = RulesOption.Create();
        var command = new Command("bench", "Measure generation, ingest and analysis on a generated corpus.")
        {
            forms, seed, keep, warmUp, warmUpRounds, repeat, rules,
        };
        command.SetAction((result, ct) => RunAsync(new BenchRun(result.GetValue(forms), result.GetValue(seed),
            result.GetValue(keep), result.GetValue(warmUp), result.GetValue(warmUpRounds),
            result.GetValue(repeat) ?? DefaultRepeat(result.GetValue(forms))), result.GetValue(rules)!,
            result.GetValue(DatabaseOption.Connection), console, ct));
        return command;
    }

    /// <summary>Forms of each warm-up round by default.</summary>
    private const int DefaultWarmUpForms = 250;

    /// <summary>Warm-up rounds by default. Tiered compilation recompiles a hot method in the background, optimised,
    /// only after a quiet spell and a count of calls, and with dynamic PGO in two steps (instrumented, then
    /// optimised): after one round most of the ingest still runs unoptimised code, recompiling as it goes (230–420
    /// methods in a timed 1,000-form ingest, measured). Four rounds took about a third off that ingest; eight were no better.
    /// A larger ingest still reaches batch sizes and call counts the rounds do not, and compiles some methods.</summary>
    private const int DefaultWarmUpRounds = 4;

    /// <summary>Timed ingest/yardstick pairs by default: at 1,000 forms one pair takes well under a second and its
    /// ratio moved between 1.2x and 2.4x from run to run (session 24, nine runs), so small corpora are measured
    /// several times and judged by the median; above 10,000 forms one pair takes long enough to stand alone.</summary>
    private static int DefaultRepeat(int forms) => forms <= 10_000 ? 5 : 1;

    /// <summary>What one bench run measures: forms, generator seed, folder kept, warm-up forms per round, rounds,
    /// timed ingest/yardstick pairs.</summary>
    private sealed record BenchRun(int Count, int Seed, string? Keep, int WarmUp, int WarmUpRounds, int Repeat);

    private static async Task<int> RunAsync(BenchRun run, string rulesPath, string? connection, CliConsole console,
        CancellationToken ct)
    {
        var (count, seed, keep, warmUpForms, warmUpRounds, repeat) = run;
        if (count < 1)
        {
            console.Error.WriteLine("error: --forms must be at least 1");
            return PerfEvalCli.UsageError;
        }

        if (warmUpForms < 0)
        {
            console.Error.WriteLine("error: --warm-up must be 0 or more");
            return PerfEvalCli.UsageError;
        }

        if (warmUpRounds < 1)
        {
            console.Error.WriteLine("error: --warm-up-rounds must be at least 1");
            return PerfEvalCli.UsageError;
        }

        if (repeat < 1)
        {
            console.Error.WriteLine("error: --repeat must be at least 1");
            return PerfEvalCli.UsageError;
        }

        var catalog = RulesOption.Load(rulesPath, console);
        if (catalog is null)
        {
            return PerfEvalCli.UsageError;
        }

        var root = keep ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture,
            $"perfeval-bench-{Environment.ProcessId}"));
        var corpus = Path.Combine(root, "forms");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var w = console.Out;
        try
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; work folder {root}"));

            // 1. Generate.
            var units = (int)Math.Ceiling(count / (FormsPerUnitYear * (ToYear - FromYear + 1))) + 1;
            var sw = Stopwatch.StartNew();
            var (generated, _) = CorpusGenerator.WriteTo(
                new CorpusOptions(units, FromYear, ToYear, seed, AnomalyRate: 0.2, MaxForms: count), corpus);
            var generateTime = sw.Elapsed;
            var files = FormFiles.Expand([corpus], out _);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            w.WriteLine(Line($"generate: {generated} forms ({units} units, {FromYear}-{ToYear}), {bytes / 1e6:F1} MB in {generateTime.TotalSeconds:F2} s; peak working set {PeakMb():F0} MB"));

            await using BenchTarget target = connection is null
                ? await SqliteBenchTarget.OpenAsync(root, ct) as BenchTarget
                : await PostgresBenchTarget.OpenAsync(connection, ct);
            w.WriteLine("store: " + target.Store.Description);

            // 3a. Warm-up: what the first ingest of a process pays once (EF Core's model and compiled queries, the
            // engine's native library and first connections, JIT of the store's code paths, its tier-up) is paid on
            // the corpus's files in a throw-away store. The yardstick runs after the ingest and the analysis, warm, so
            // the ratio compares throughput with throughput. The warm-up's own time is printed: the first round is
            // what a one-off `perfeval ingest` of a few forms costs on top.
            if (warmUpForms > 0)
            {
                await WarmUpAsync(target, files, warmUpForms, warmUpRounds, w, ct);
            }

            // 3b. Parsing alone (what ingest spends before the database), warm.
            // The parser's kept values are forgotten before the parse and before the ingest: each starts as a fresh
            // process would, not with the values the warm-up (or the parse) already met.
            ValueParser.ClearCache();
            var parseTimer = BenchTimer.StartNew();
            long rows = 0;
            foreach (var file in files)
            {
                rows += FormReader.Read(file).Indicators.Count;
            }

            parseTimer.Stop();
            var parseTime = parseTimer.Wall;
            w.WriteLine(Line($"parse only: {files.Count} forms, {rows} indicator rows in {parseTime.TotalSeconds:F2} s ({files.Count / parseTime.TotalSeconds:F0} forms/s, CPU {parseTimer.Cpu.TotalSeconds:F2} s, {parseTimer.GcSummary})"));

            // 3c. Ingest, after a full collection and once the JIT has finished with the parse's methods (since
            // session 26, as every timed pair of --repeat).
            await SettleAsync(ct);
            var (ingestTimer, failed) = await TimedIngestAsync(target.Store, files, ct);
            var ingestTime = ingestTimer.Wall;
            w.WriteLine(Line($"ingest: {files.Count - failed} forms ({failed} failed), {rows} indicator rows in {ingestTime.TotalSeconds:F2} s = {files.Count / ingestTime.TotalSeconds:F0} forms/s, {rows / ingestTime.TotalSeconds:F0} rows/s (CPU {ingestTimer.Cpu.TotalSeconds:F2} s, JIT {ingestTimer.JitMethods} methods, {ingestTimer.GcSummary}); peak working set {PeakMb():F0} MB"));

            // 4. Analysis. Between the phases, what the ingest no longer needs goes back (its pooled connections with
            // their page caches, its garbage), as between `perfeval ingest` and `perfeval analyze`.
            SqliteConnection.ClearAllPools();
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var analysisTimer = BenchTimer.StartNew();
            var job = await new AnalysisJob(target.Store.Factory, target.Store.Bulk, TimeProvider.System)
                .RunAsync(catalog, ct);
            using var analysed = job.Result;
            analysisTimer.Stop();
            var analysisTime = analysisTimer.Wall;
            var off = catalog.Disabled.Count == 0 ? string.Empty : " (disabled: " + string.Join(", ", catalog.Disabled.Select(d => d.Code)) + ")";
            w.WriteLine(Line($"analyze: {job.Result.FormCount} forms, {job.Result.RuleCount} rules{off}, {job.Result.Findings.Count} findings in {analysisTime.TotalSeconds:F2} s (load {job.LoadTime.TotalSeconds:F2} s, rules {job.AnalyseTime.TotalSeconds:F2} s, store {job.StoreTime.TotalSeconds:F2} s; CPU {analysisTimer.Cpu.TotalSeconds:F2} s); peak working set {PeakMb():F0} MB"));
            w.WriteLine("slowest rules (form rules summed over threads): " + FindingOutput.SlowestRules(job.Result, 5));
            var dbBytes = await target.SizeAsync(ct);
            w.WriteLine(Line($"database: {dbBytes / 1e6:F1} MB ({dbBytes / (double)Math.Max(1, files.Count) / 1e3:F1} kB per form)"));

            // 5. Yardstick.
            // Its code paths warmed as the ingest's were: the same rounds, each rolled back.
            if (warmUpForms > 0)
            {
                await WarmUpYardstickAsync(target, files, warmUpForms, warmUpRounds, w, ct);
            }

            await SettleAsync(ct);
            var yardstick = await target.YardstickAsync(files, rollBack: false, ct);
            var yard = yardstick.Time;
            var yardTime = yard.Wall;
            var indicatorShare = yardstick.IndicatorRowsWall;
            w.WriteLine(Line($"yardstick: {yardstick.TotalRows} rows ({yardstick.Breakdown}) by {target.YardstickName} in {yardTime.TotalSeconds:F2} s = {yardstick.TotalRows / yardTime.TotalSeconds:F0} rows/s (CPU {yard.Cpu.TotalSeconds:F2} s, JIT {yard.JitMethods} methods); the indicator rows' share {indicatorShare.TotalSeconds:F2} s"));
            w.WriteLine(Line($"ratio ours/yardstick: {ingestTime.TotalSeconds / yardTime.TotalSeconds:F1}x (ingest incl. parsing); {(ingestTime - parseTime).TotalSeconds / yardTime.TotalSeconds:F1}x (ingest minus parse-only time); CPU {ingestTimer.Cpu.TotalSeconds / yard.Cpu.TotalSeconds:F1}x (ingest incl. parsing), {(ingestTimer.Cpu - parseTimer.Cpu).TotalSeconds / yard.Cpu.TotalSeconds:F1}x (ingest minus parse-only CPU); against the indicator rows' share {ingestTime.TotalSeconds / indicatorShare.TotalSeconds:F1}x (ingest incl. parsing)"));

            // 6. The store alone, parsed untimed like the yardstick's rows: the like-for-like comparison.
            var storeOnly = await target.StoreOnlyAsync(files, ct);
            w.WriteLine(Line($"store only (forms parsed untimed, stored in batches as ingest does, into a second empty store): {storeOnly.Wall.TotalSeconds:F2} s (CPU {storeOnly.Cpu.TotalSeconds:F2} s, {storeOnly.GcSummary}); ours/yardstick {storeOnly.Wall.TotalSeconds / yardTime.TotalSeconds:F1}x wall, {storeOnly.Cpu.TotalSeconds / yard.Cpu.TotalSeconds:F1}x CPU; against the indicator rows' share {storeOnly.Wall.TotalSeconds / indicatorShare.TotalSeconds:F1}x wall"));
            if (await target.ServerCpuAsync(ct) is ({ } yardServer, { } storeServer))
            {
                // The second store's server processes did its writes and index upkeep (a GIN pending list may still
                // hold its last few MB, left to autovacuum).
                w.WriteLine(Line($"server CPU (local server, from /proc): yardstick {yardServer.TotalSeconds:F2} s, store only {storeServer.TotalSeconds:F2} s (incl. its migrations); client + server CPU ours/yardstick {(storeOnly.Cpu + storeServer).TotalSeconds / (yard.Cpu + yardServer).TotalSeconds:F1}x"));
            }
            // 7. What the schema costs the engine alone (no client), whatever the client does.
            var (floorPlain, floorBare, floorSchema) = await target.SchemaFloorAsync(ct);
            w.WriteLine(Line($"schema floor (the engine copying the stored indicator rows inside the database, no client): into a plain table {floorPlain.TotalSeconds:F2} s; with the store's keys, indexes and foreign key {floorBare.TotalSeconds:F2} s = {floorBare.TotalSeconds / floorPlain.TotalSeconds:F1}x; and its search index {floorSchema.TotalSeconds:F2} s = {floorSchema.TotalSeconds / floorPlain.TotalSeconds:F1}x"));
            w.WriteLine(Line($"total ingest + analyze: {(ingestTime + analysisTime).TotalSeconds:F1} s (CPU {(ingestTimer.Cpu + analysisTimer.Cpu).TotalSeconds:F1} s); peak working set {PeakMb():F0} MB"));

            // 8. More timed pairs, alternating: each ingest into a new store, each yardstick into a new file. Last, so
            // that the peak working set above is the run's, not the repeats'.
            if (repeat > 1)
            {
                await RepeatAsync(target, files, (ingestTime, yardTime), repeat, w, ct);
            }

            return PerfEvalCli.Ok;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep is null)
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover scratch folder is not worth failing the benchmark.
                }
            }
        }
    }

    /// <summary>A timed ingest of the files into the store as <c>perfeval ingest</c> does it, the parser's kept values
    /// forgotten first (a new process starts without them); returns the timer and the files that failed.</summary>
    private static async Task<(BenchTimer Timer, int Failed)> TimedIngestAsync(PerfEvalStore store,
        IReadOnlyList<string> files, CancellationToken ct)
    {
        var ingestor = new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System));
        var failed = 0;
        ValueParser.ClearCache();
        var timer = BenchTimer.StartNew();
        await foreach (var r in ingestor.IngestAsync(files, ct))
        {
            failed += r.Failed ? 1 : 0;
        }

        timer.Stop();
        return (timer, failed);
    }

    /// <summary>
    /// Pairs 2..<paramref name="repeat"/> of the timed ingest (into a new store each) and the yardstick (into a new
    /// file each), alternating, each after a full collection and a wait for the JIT (<see cref="SettleAsync"/>);
    /// prints each pair and the ratios' minimum, median and maximum over all pairs, the first included. A run well
    /// under a second moves with whatever else the machine and the runtime (JIT, collections) do meanwhile, so one
    /// pair alone says little.
    /// </summary>
    private static async Task RepeatAsync(BenchTarget target, IReadOnlyList<string> files,
        (TimeSpan Ingest, TimeSpan Yardstick) first, int repeat, TextWriter w, CancellationToken ct)
    {
        var ratios = new List<double> { first.Ingest / first.Yardstick };
        for (var pair = 2; pair <= repeat; pair++)
        {
            var store = await target.RepeatStoreAsync(ct);
            await SettleAsync(ct);
            var (ingest, failed) = await TimedIngestAsync(store, files, ct);
            await SettleAsync(ct);
            var yardstick = (await target.YardstickAsync(files, rollBack: false, ct)).Time;
            ratios.Add(ingest.Wall / yardstick.Wall);
            w.WriteLine(Line($"pair {pair}: ingest {ingest.Wall.TotalSeconds:F2} s ({failed} failed; CPU {ingest.Cpu.TotalSeconds:F2} s, JIT {ingest.JitMethods} methods, {ingest.GcSummary}), yardstick {yardstick.Wall.TotalSeconds:F2} s (CPU {yardstick.Cpu.TotalSeconds:F2} s, JIT {yardstick.JitMethods} methods): {ratios[^1]:F2}x"));
        }

        var sorted = ratios.Order().ToList();
        var median = sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        w.WriteLine(Line($"ratio ours/yardstick over {ratios.Count} pairs (ingest incl. parsing): median {median:F2}x, min {sorted[0]:F2}x, max {sorted[^1]:F2}x ({string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})"));
    }

    /// <summary>A full blocking collection and a wait until the JIT is idle, so that a timed run does not pay for the
    /// garbage of the one before, nor for the tier-up of code that ran before it (opening a new store runs its
    /// migrations: some hundred of their methods were recompiled inside the next timed ingest, measured).</summary>
    private static async Task SettleAsync(CancellationToken ct)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        await JitIdleAsync(ct);
    }

    /// <summary>The ingest's warm-up: rounds into a throw-away store (<see cref="RoundsAsync"/>).</summary>
    private static async Task WarmUpAsync(BenchTarget target, IReadOnlyList<string> files, int forms, int rounds,
        TextWriter w, CancellationToken ct)
    {
        var store = await target.WarmUpStoreAsync(ct);
        var (ingested, unchanged) = (new List<int>(), 0);
        var done = await RoundsAsync(files, forms, rounds, async batch =>
        {
            var timer = BenchTimer.StartNew();
            var stored = 0;
            await foreach (var r in new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System))
                               .IngestAsync(batch, ct))
            {
                stored += r.Failed ? 0 : 1;
                unchanged += r.Outcome == StoreOutcome.Unchanged ? 1 : 0;
            }

            timer.Stop();
            ingested.Add(stored);
            return timer;
        }, ct);

        var first = done.Timers[0];
        w.WriteLine(Line($"warm-up (first use, not in the ratios): {ingested[0]} forms ingested into a throw-away store in {first.Wall.TotalSeconds:F2} s (CPU {first.Cpu.TotalSeconds:F2} s, JIT {first.JitMethods} methods)"));
        if (rounds > 1)
        {
            var rest = done.Timers.Skip(1).ToList();
            // A corpus smaller than the rounds starts again from its first forms, which then go in unchanged.
            var again = unchanged == 0 ? string.Empty : Line($", {unchanged} of them already stored (the corpus is smaller than the rounds)");
            w.WriteLine(Line($"warm-up rounds 2-{rounds} (the corpus's next forms each){again}: {string.Join(", ", rest.Select(t => t.Wall.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s"))} (CPU {rest.Sum(t => t.Cpu.TotalSeconds):F2} s, JIT {rest.Sum(t => t.JitMethods)} methods); {done.Waited.TotalSeconds:F1} s waiting for the JIT to be idle ({done.Compiled} methods compiled meanwhile)"));
        }
    }

    /// <summary>The yardstick's warm-up: the ingest's rounds (the same forms), each written the yardstick's way and
    /// rolled back.</summary>
    private static async Task WarmUpYardstickAsync(BenchTarget target, IReadOnlyList<string> files, int forms,
        int rounds, TextWriter w, CancellationToken ct)
    {
        var done = await RoundsAsync(files, forms, rounds,
            async batch => (await target.YardstickAsync(batch, rollBack: true, ct)).Time, ct);
        w.WriteLine(Line($"yardstick warm-up (not in the ratios): {rounds} round(s) of the same forms, each rolled back: {done.Timers.Sum(t => t.Wall.TotalSeconds):F2} s (CPU {done.Timers.Sum(t => t.Cpu.TotalSeconds):F2} s, JIT {done.Timers.Sum(t => t.JitMethods)} methods); {done.Waited.TotalSeconds:F1} s waiting for the JIT"));
    }

    /// <summary>What warm-up rounds took: each round's timer, the time spent waiting for the JIT, and the methods it
    /// compiled meanwhile.</summary>
    private sealed record WarmUpRounds(List<BenchTimer> Timers, TimeSpan Waited, long Compiled);

    /// <summary>Runs <paramref name="rounds"/> rounds, each on the corpus's next <paramref name="forms"/> files
    /// (<see cref="NextRound"/>); when there are several, each is followed by a wait until the JIT has been idle for
    /// <see cref="JitQuiet"/> (at most <see cref="JitWaitLimit"/>).</summary>
    private static async Task<WarmUpRounds> RoundsAsync(IReadOnlyList<string> files, int forms, int rounds,
        Func<List<string>, Task<BenchTimer>> round, CancellationToken ct)
    {
        var timers = new List<BenchTimer>(rounds);
        var waited = TimeSpan.Zero;
        long compiled = 0;
        var next = 0;
        for (var i = 0; i < rounds; i++)
        {
            timers.Add(await round(NextRound(files, forms, ref next)));
            if (rounds > 1)
            {
                var wait = Stopwatch.StartNew();
                compiled += await JitIdleAsync(ct);
                waited += wait.Elapsed;
            }
        }

        return new WarmUpRounds(timers, waited, compiled);
    }

    /// <summary>A warm-up round's files: the next <paramref name="forms"/> of the corpus from
    /// <paramref name="next"/>, from the first again when it runs out (those then go in unchanged).</summary>
    private static List<string> NextRound(IReadOnlyList<string> files, int forms, ref int next)
    {
        var batch = new List<string>(forms);
        for (var i = 0; i < Math.Min(forms, files.Count); i++)
        {
            batch.Add(files[next]);
            next = (next + 1) % files.Count;
        }

        return batch;
    }

    /// <summary>How long the JIT must have compiled nothing for the warm-up's wait to end.</summary>
    private static readonly TimeSpan JitQuiet = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan JitWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Waits until the JIT compiled nothing for <see cref="JitQuiet"/>; returns the methods compiled
    /// meanwhile.</summary>
    private static async Task<long> JitIdleAsync(CancellationToken ct)
    {
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        var last = start;
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < JitWaitLimit)
        {
            await Task.Delay(JitQuiet, ct);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == last)
            {
                break;
            }

            last = now;
        }

        return last - start;
    }

    private static double PeakMb()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1e6;
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
