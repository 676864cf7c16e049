using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>
/// Before the server accepts requests (hosted services start first): create the database if missing, ingest the data
/// folder, analyse. The main command is therefore one <c>dotnet run</c>.
/// </summary>
internal sealed class StartupJob(DataJobs jobs, OverviewQuery overview, IOptions<DashboardOptions> options,
    ILogger<StartupJob> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IngestOnStart)
        {
            Log.NoStartupIngest(logger);
            return;
        }

        await jobs.StartupAsync(cancellationToken);
        // Warm the overview's aggregates in the background: on a large corpus the first visit would otherwise wait
        // for them (they are cached until the data change).
        _ = Task.Run(() => WarmAsync(CancellationToken.None), CancellationToken.None);
    }

    private async Task WarmAsync(CancellationToken ct)
    {
        await overview.CountsAsync(ct);
        await overview.ScoreHistogramAsync(1, ct);
        await overview.CompletionHistogramAsync(2, 50, 150, ct);
        await overview.FindingsByUnitYearAsync(25, ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
