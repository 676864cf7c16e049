using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Data;

/// <summary>What an analysis of the stored forms did.</summary>
public sealed record AnalysisJobResult(AnalysisResult Result, StoredRun Run, TimeSpan LoadTime, TimeSpan AnalyseTime,
    TimeSpan StoreTime);

/// <summary>Analyses every stored form with the catalog and stores the findings as the latest run.</summary>
public sealed class AnalysisJob(IDbContextFactory<PerfEvalDbContext> factory, IBulkRowWriter bulk, TimeProvider clock)
{
    public async Task<AnalysisJobResult> RunAsync(RuleCatalog catalog, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        var t0 = clock.GetTimestamp();
        var forms = await new FormLoader(factory).LoadAllAsync(cancellationToken);
        var t1 = clock.GetTimestamp();
        var result = new Analyzer(catalog).Run(forms.Select(f => f.Form).ToList());
        var t2 = clock.GetTimestamp();
        var run = await new FindingStore(factory, bulk, clock).SaveRunAsync(result, forms, started, cancellationToken);
        var t3 = clock.GetTimestamp();
        return new AnalysisJobResult(result, run, clock.GetElapsedTime(t0, t1), clock.GetElapsedTime(t1, t2),
            clock.GetElapsedTime(t2, t3));
    }
}
