using Microsoft.Extensions.Options;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>
/// Before the server accepts requests (hosted services start first): create the database if missing, ingest the data
/// folder, analyse. The main command is therefore one <c>dotnet run</c>.
/// </summary>
internal sealed class StartupJob(DataJobs jobs, IOptions<DashboardOptions> options, ILogger<StartupJob> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IngestOnStart)
        {
            Log.NoStartupIngest(logger);
            return;
        }

        await jobs.StartupAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
