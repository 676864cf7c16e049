using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace PerfEvalAnalytics.Data.Accounts;

/// <summary>
/// The data-protection key ring (what signs the sign-in cookie and the antiforgery tokens) kept in the store's
/// <c>data_protection_keys</c> table instead of a folder of the machine: every dashboard instance on one database
/// accepts the others' cookies, and a restart, a new container or a new machine does not sign everybody out.
/// </summary>
/// <remarks>Keys are stored unencrypted, as with ASP.NET Core's file-system default on Linux: whoever can read the
/// database can forge cookies, so the database's credentials are the secret to guard.</remarks>
public static class KeyRing
{
    /// <summary>The application name every instance shares (keys are isolated per application name).</summary>
    public const string ApplicationName = "PerfEvalAnalytics";

    /// <summary>Data protection with the key ring in the store (needs a scoped <see cref="PerfEvalDbContext"/>, as
    /// <see cref="AccountServices.AddStores"/> registers).</summary>
    public static IDataProtectionBuilder AddPerfEvalKeyRing(this IServiceCollection services) =>
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<PerfEvalDbContext>();
}
