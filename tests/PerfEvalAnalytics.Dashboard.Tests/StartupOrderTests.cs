using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Hosted services start in the order they were added: the schema must be migrated before data protection
/// loads its key ring from the database (on a fresh database the table would not exist yet).</summary>
public sealed class StartupOrderTests(AccountsDashboardFactory factory) : IClassFixture<AccountsDashboardFactory>
{
    [Fact]
    public void HostedServices_MigrationFirst_BeforeDataProtectionLoadsTheKeyRing()
    {
        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        Assert.Equal("AccountsStartup", hosted[0]);
        Assert.True(hosted.FindIndex(n => n.Contains("DataProtection", StringComparison.Ordinal)) > 0,
            string.Join(", ", hosted));
    }
}
