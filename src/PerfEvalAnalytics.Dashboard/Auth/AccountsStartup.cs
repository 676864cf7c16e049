using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>
/// At start: migrate (idempotent), create the roles, and in single-user mode the local administrator. Once the server
/// listens, single-user mode checks the real addresses and stops the app if one is not loopback.
/// </summary>
internal sealed class AccountsStartup(
    IDbContextFactory<PerfEvalDbContext> factory, IServiceScopeFactory scopes, LocalUser local,
    IOptions<AuthOptions> options, IServer server, IHostApplicationLifetime lifetime, ILogger<AccountsStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await PerfEvalDb.MigrateAsync(db, cancellationToken);
        }

        using var scope = scopes.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.EnsureRolesAsync();
        if (options.Value.Mode == AuthMode.SingleUser)
        {
            local.Account = await accounts.EnsureLocalAdminAsync(options.Value.EffectiveLocalUserName,
                cancellationToken);
            lifetime.ApplicationStarted.Register(CheckAddresses);
        }
        else if ((await accounts.ListAsync()).All(u => u.Role != AppRoles.Admin))
        {
            AuthLog.NoAdministrator(logger);
        }
    }

    private void CheckAddresses()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.FirstOrDefault(a => !AuthSetup.IsLoopbackUrl(a));
        if (exposed is not null)
        {
            AuthLog.SingleUserExposed(logger, exposed);
            Console.Error.WriteLine(AuthSetup.ExposedMessage(exposed));
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
