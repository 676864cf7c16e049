using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>The data-protection key ring lives in the store: what one dashboard instance protects (a sign-in cookie,
/// an antiforgery token), another on the same database, or the same one after a restart, can read.</summary>
[Collection(PostgresTests.Name)]
public sealed class KeyRingTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    /// <summary>One dashboard instance's services: the store's context and the key ring.</summary>
    private static ServiceProvider Instance(PerfEvalStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(store.Factory);
        AccountServices.AddStores(services);
        services.AddPerfEvalKeyRing();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Protect_OnOneInstance_UnprotectsOnAnotherOnTheSameStore(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        const string purpose = "Microsoft.AspNetCore.Authentication.Cookies";

        string token;
        using (var first = Instance(store))
        {
            token = first.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("王主任 · 管理员");
        }

        using var second = Instance(store);
        var read = second.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(token);

        Assert.Equal("王主任 · 管理员", read);
        await using var db = await store.Factory.CreateDbContextAsync();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.Single(keys); // the second instance used the first one's key, it did not make its own
        Assert.Contains("<key ", keys[0].Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unprotect_WithAnotherStoresKeys_IsRefused()
    {
        var mine = await OpenAsync(DatabaseProvider.Sqlite);
        var theirs = await OpenAsync(DatabaseProvider.Sqlite);
        using var a = Instance(mine);
        using var b = Instance(theirs);
        var token = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("p").Protect("x");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            b.GetRequiredService<IDataProtectionProvider>().CreateProtector("p").Unprotect(token));
    }
}
