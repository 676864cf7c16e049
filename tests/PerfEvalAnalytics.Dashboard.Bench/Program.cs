using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Bench;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Ingestion;

// Dashboard read-side benchmark.
//   dotnet run -c Release --project tests/PerfEvalAnalytics.Dashboard.Bench -- build DB FORMS [samples] (corpus)
//   dotnet run -c Release --project tests/PerfEvalAnalytics.Dashboard.Bench -- to-postgres DB CONN   (same rows, PG)
//   dotnet run -c Release --project tests/PerfEvalAnalytics.Dashboard.Bench -- measure DB|CONN       (query timings)
// "build" ingests and analyses the committed samples and the generated district, then clones those forms, their rows
// and findings in SQL under new unit names and years until the database holds FORMS forms. "to-postgres" copies such
// a database into an empty PostgreSQL database (migrated first). "measure" times the findings grid, explanation
// search and form page queries as the dashboard runs them (median and worst of 9 runs, after one warm-up); a
// PostgreSQL connection string (Host=…) is measured on PostgreSQL.
if (args.Length < 2 || args[0] is not ("build" or "measure" or "to-postgres"))
{
    Console.Error.WriteLine("usage: build DB FORMS [samples] | to-postgres DB CONNECTION | measure DB|CONNECTION");
    return 2;
}

var db = args[1];
var ct = CancellationToken.None;
if (args[0] == "to-postgres")
{
    var sw = Stopwatch.StartNew();
    await PerfEvalAnalytics.Data.PostgreSQL.PostgresDb.OpenAsync(args[2], ct);
    await PostgresCopier.CopyAsync(db, args[2], ct);
    Console.WriteLine($"copied to PostgreSQL in {sw.Elapsed.TotalSeconds:F0} s");
    return 0;
}

if (args[0] == "build")
{
    var forms = int.Parse(args[2], CultureInfo.InvariantCulture);
    File.Delete(db);
    var factory = await PerfEvalDb.OpenSqliteAsync(db, ct);
    // "samples": the committed samples only (their forms carry many findings: a findings-heavy corpus); otherwise
    // the generated district as well (varied explanations, few findings).
    string[] folders = args.Length > 3 && args[3] == "samples"
        ? [Path.Combine(RepoRoot(), "data", "samples")]
        : [Path.Combine(RepoRoot(), "data", "samples"), Path.Combine(RepoRoot(), "data", "generated")];
    var samples = FormFiles.Expand(folders, out _);
    var ingestor = new BatchIngestor(new FormStore(factory, new PreparedInsertBulkRowWriter(), TimeProvider.System));
    await foreach (var r in ingestor.IngestAsync(samples, ct))
    {
        Console.WriteLine($"{r.Outcome?.ToString() ?? "failed"} {Path.GetFileName(r.Path)}");
    }

    (await new AnalysisJob(factory, new PreparedInsertBulkRowWriter(), TimeProvider.System)
        .RunAsync(RuleCatalog.Default(), ct)).Result.Dispose(); // stored; the findings are not needed here
    var sw = Stopwatch.StartNew();
    await CorpusCloner.CloneAsync(db, forms, ct);
    Console.WriteLine($"cloned to {forms} forms in {sw.Elapsed.TotalSeconds:F0} s");
    return 0;
}

{
    var postgres = db.Contains("Host=", StringComparison.OrdinalIgnoreCase);
    var options = postgres
        ? PerfEvalAnalytics.Data.PostgreSQL.PostgresDb.Options(db)
        : PerfEvalDb.SqliteOptions(Path.GetFullPath(db));
    if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
    {
        // Prints every SQL command with its duration, to see where a slow query spends its time.
        options = new DbContextOptionsBuilder<PerfEvalDbContext>(options)
            .LogTo(Console.WriteLine, [RelationalEventId.CommandExecuted]).Options;
    }

    var factory = new PooledDbContextFactory<PerfEvalDbContext>(options);
    await using (var ctx = await factory.CreateDbContextAsync(ct))
    {
        var (nf, nu, nr, nx, nv) = (await ctx.Forms.CountAsync(ct), await ctx.Units.CountAsync(ct),
            await ctx.IndicatorRows.CountAsync(ct), await ctx.Findings.CountAsync(ct),
            await ctx.FindingReviews.CountAsync(ct));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {nf} forms, {nu} units, {nr} indicator rows, {nx} findings, {nv} reviews"));
    }

    var ensure = Stopwatch.StartNew();
    await ReadSideIndexes.EnsureAsync(factory, ct);
    Console.WriteLine($"read-side indexes ensured in {ensure.Elapsed.TotalSeconds:F1} s");
    var grid = new FindingsGridQuery(factory);
    var detail = new FormDetailQuery(factory);
    var maxForm = 0L;
    var someUnit = "";
    await using (var ctx = await factory.CreateDbContextAsync(ct))
    {
        maxForm = await ctx.Forms.MaxAsync(f => f.Id, ct);
        someUnit = await ctx.Units.OrderByDescending(u => u.Id).Select(u => u.Name).FirstAsync(ct);
    }

    // A few reviews, so the status filters have something to find.
    var store = new ReviewStore(factory, TimeProvider.System);
    var firstPage = await grid.PageAsync(new FindingsPageRequest(new FindingFilter(), Take: 5), ct);
    foreach (var f in firstPage.Items)
    {
        await store.ReviewAsync(f.Id, ReviewStatus.Confirmed, "bench", "bench", ct);
    }

    var cases = new (string Name, FindingsPageRequest Request)[]
    {
        ("grid: no filter, first page", new(new FindingFilter())),
        ("grid: severity >= High", new(new FindingFilter(MinSeverity: Severity.High))),
        ("grid: rule C1", new(new FindingFilter(Rule: "C1"))),
        ("grid: unit contains (one unit)", new(new FindingFilter(Unit: someUnit))),
        ("grid: year 2022 + kind", new(new FindingFilter(Year: 2022, Kind: PerfEvalAnalytics.Domain.FormKind.DepartmentOverall))),
        ("grid: review = Confirmed", new(new FindingFilter(Review: ReviewStatus.Confirmed))),
        ("grid: review = Open", new(new FindingFilter(Review: ReviewStatus.Open))),
        ("grid: free text 执行率", new(new FindingFilter(Text: "执行率"))),
        ("grid: free text 原因", new(new FindingFilter(Text: "原因"))),
        ("grid: free text 疫情", new(new FindingFilter(Text: "疫情"))),
        ("grid: free text 率", new(new FindingFilter(Text: "率"))),
        ("grid: free text 没有比较符", new(new FindingFilter(Text: "没有比较符"))),
        ("grid: free text 原因 + year 2022", new(new FindingFilter(Year: 2022, Text: "原因"))),
        ("grid: free text 执行率 + rule + sev", new(new FindingFilter(Rule: "E2", MinSeverity: Severity.Medium, Text: "执行率"))),
        ("grid: sort by unit desc", new(new FindingFilter(), FindingSort.Unit, Descending: true)),
        ("grid: page 1000 (skip 20000)", new(new FindingFilter(), Skip: 20_000)),
        ("grid: rule + year + severity", new(new FindingFilter(Rule: "Q6", Year: 2023, MinSeverity: Severity.Medium))),
    };
    Console.WriteLine($"{"query",-36} {"median ms",10} {"max ms",8} {"rows",8}");
    foreach (var (name, request) in cases)
    {
        var total = 0;
        var times = await TimeAsync(async () => total = (await grid.PageAsync(request, ct)).Total);
        Print(name, times, total);
    }

    var explanations = new ExplanationsQuery(factory);
    foreach (var text in new[] { "", "原因", "疫情", "由于", "延", "配套条件到位较晚", "不存在的说明文字" })
    {
        var total = 0;
        var times = await TimeAsync(async () => total = (await explanations.SearchAsync(text, 0, 20, ct)).Total);
        Print($"explanations: '{text}'", times, total);
    }

    var random = new Random(0);
    var ids = Enumerable.Range(0, 20).Select(_ => (long)random.Next(1, (int)maxForm + 1)).ToList();
    var i = 0;
    var findings = 0;
    var formTimes = await TimeAsync(async () =>
        findings = (await detail.GetAsync(ids[i++ % ids.Count], ct))?.Findings.Count ?? -1);
    Print("form page: detail of a random form", formTimes, findings);
    SqliteConnection.ClearAllPools();
    return 0;
}

static async Task<List<double>> TimeAsync(Func<Task> run)
{
    try
    {
        return await TimeAllAsync(run);
    }
    catch (InvalidOperationException ex)
    {
        // A query past the command timeout: reported as such, and the other cases still run.
        Console.WriteLine($"  failed: {ex.GetBaseException().Message}");
        return [double.NaN];
    }
}

static async Task<List<double>> TimeAllAsync(Func<Task> run)
{
    await run();
    var times = new List<double>();
    for (var n = 0; n < 9; n++)
    {
        var sw = Stopwatch.StartNew();
        await run();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    return times;
}

static void Print(string name, List<double> times, int rows) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-36} {times[times.Count / 2],10:F1} {times[^1],8:F1} {rows,8}"));

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "PerfEvalAnalytics.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("PerfEvalAnalytics.sln not found");
}
