using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Data;

/// <summary>What an analysis of the stored forms did.</summary>
/// <param name="Result">What the rules found (dispose it when done: a large run's findings are read from a temporary
/// file).</param>
/// <param name="Run">The stored run.</param>
/// <param name="LoadTime">Time spent waiting for forms to be read (reading overlaps the rules: this is what is not
/// hidden behind them).</param>
/// <param name="AnalyseTime">Time spent in the rules.</param>
/// <param name="StoreTime">Time spent storing the findings.</param>
public sealed record AnalysisJobResult(AnalysisResult Result, StoredRun Run, TimeSpan LoadTime, TimeSpan AnalyseTime,
    TimeSpan StoreTime);

/// <summary>
/// Analyses every stored form with the catalog and stores the findings as the latest run. Forms are read in slices of
/// whole units (<see cref="FormLoader.LoadByUnitAsync"/>) and handed to a <see cref="SlicedAnalysis"/>, so one slice
/// of full forms is in memory at a time (plus the next one being read), whatever the number of forms.
/// </summary>
public sealed class AnalysisJob(IDbContextFactory<PerfEvalDbContext> factory, IBulkRowWriter bulk, TimeProvider clock)
{
    /// <summary>Forms per slice (whole units, so a slice may be a little larger).</summary>
    public int SliceForms { get; init; } = 1_000;

    /// <summary>Findings held in memory before they go to a temporary file (<see cref="SlicedAnalysis"/>).</summary>
    public int FindingsInMemory { get; init; } = SlicedAnalysis.DefaultFindingsInMemory;

    public async Task<AnalysisJobResult> RunAsync(RuleCatalog catalog, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        using var analysis = new SlicedAnalysis(catalog, FindingsInMemory);
        using var forms = new AnalysedForms();
        var load = TimeSpan.Zero;
        var analyse = TimeSpan.Zero;
        var mark = clock.GetTimestamp();
        await foreach (var slice in new FormLoader(factory).LoadByUnitAsync(SliceForms, cancellationToken))
        {
            var loaded = clock.GetTimestamp();
            load += clock.GetElapsedTime(mark, loaded);
            foreach (var stored in slice)
            {
                forms.Add(stored);
            }

            analysis.Add(slice.Select(s => s.Form).ToList());
            mark = clock.GetTimestamp();
            analyse += clock.GetElapsedTime(loaded, mark);
        }

        var result = analysis.Finish();
        var t2 = clock.GetTimestamp();
        analyse += clock.GetElapsedTime(mark, t2);
        StoredRun run;
        try
        {
            run = await new FindingStore(factory, bulk, clock).SaveRunAsync(result, forms, started, cancellationToken);
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return new AnalysisJobResult(result, run, load, analyse, clock.GetElapsedTime(t2, clock.GetTimestamp()));
    }
}
