using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The dashboard in accounts mode (sign-in required) with one account per role.</summary>
public sealed class AccountsDashboardFactory : DashboardFactory, IAsyncLifetime
{
    public const string Password = TestSignIn.Password;

    public const string Admin = "王主任";

    public const string Reviewer = "张审阅";

    public const string ReadOnly = "李只读";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Mode", "Accounts");
    }

    public async Task InitializeAsync()
    {
        using var scope = Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.AddAsync(Admin, AppRoles.Admin, Password, "test", default);
        await accounts.AddAsync(Reviewer, AppRoles.Reviewer, Password, "test", default);
        await accounts.AddAsync(ReadOnly, AppRoles.ReadOnly, Password, "test", default);
    }

    /// <summary>Adds an account (e.g. one to lock out without disturbing the others).</summary>
    public async Task AddAsync(string name, string role)
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().AddAsync(name, role, Password, "test", default);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
