using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The data-protection key ring lives in the store: what one dashboard instance protects (a sign-in cookie,
/// an antiforgery token), another on the same database, or the same one after a restart, can read.</summary>
public sealed class DatabaseKeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("perfeval-keyring-").FullName;

    /// <summary>One dashboard instance's services: the store's context factory and the key ring.</summary>
    private static ServiceProvider Instance(PerfEvalStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(store.Factory);
        DatabaseKeyRing.Add(services);
        return services.BuildServiceProvider();
    }

    private Task<PerfEvalStore> StoreAsync() =>
        PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(_folder, $"{Guid.NewGuid():N}.db"), default);

    [Fact]
    public async Task Protect_OnOneInstance_UnprotectsOnAnotherOnTheSameStore()
    {
        var store = await StoreAsync();
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
        Assert.StartsWith("<key ", keys[0].Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unprotect_WithAnotherStoresKeys_IsRefused()
    {
        using var a = Instance(await StoreAsync());
        using var b = Instance(await StoreAsync());
        var token = a.GetRequiredService<IDataProtectionProvider>().CreateProtector("p").Protect("x");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            b.GetRequiredService<IDataProtectionProvider>().CreateProtector("p").Unprotect(token));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
