using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace PerfEvalAnalytics.Data.Accounts;

/// <summary>Identity's user and role managers over the store, without the web parts (for the CLI and tests).</summary>
public static class AccountServices
{
    /// <summary>A service provider whose scopes give <see cref="UserAccounts"/> over <paramref name="factory"/>'s
    /// database.</summary>
    public static ServiceProvider Build(IDbContextFactory<PerfEvalDbContext> factory, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(factory);
        services.AddSingleton(clock);
        AddStores(services);
        services.AddIdentityCore<IdentityUser>(AccountPolicy.Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PerfEvalDbContext>();
        return services.BuildServiceProvider();
    }

    /// <summary>The scoped context Identity's stores use (from the pooled factory) and the account services.</summary>
    public static void AddStores(IServiceCollection services)
    {
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PerfEvalDbContext>>().CreateDbContext());
        services.AddSingleton<AuditLog>();
        services.AddScoped<UserAccounts>();
    }
}
