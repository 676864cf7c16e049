using Microsoft.AspNetCore.Hosting;
using PerfEvalAnalytics.Data.Tests.Providers;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// The dashboard configured as a shared deployment: <c>Database:Provider=PostgreSQL</c> against a real PostgreSQL
/// server of its own (initdb in a temporary folder, loopback, stopped at the end), with the same scratch copy of the
/// samples as <see cref="DashboardFactory"/>.
/// </summary>
public sealed class PostgresDashboardFactory : DashboardFactory
{
    private readonly PostgresServer server = new();

    public PostgresDashboardFactory() => ConnectionString = server.CreateDatabase();

    public string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(DashboardDatabase.ProviderKey, "PostgreSQL");
        builder.UseSetting(DashboardDatabase.ConnectionStringKey, ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            server.Dispose();
        }
    }
}
