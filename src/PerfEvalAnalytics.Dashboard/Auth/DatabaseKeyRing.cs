using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>
/// The data-protection key ring (what signs the sign-in cookie and the antiforgery tokens) kept in the store's
/// <c>data_protection_keys</c> table instead of a folder of the machine: every dashboard instance on one database
/// accepts the others' cookies, and a restart, a new container or a new machine does not sign everybody out. The
/// repository ASP.NET Core calls (<see cref="IXmlRepository"/>), over the store's context factory.
/// </summary>
/// <remarks>Keys are stored unencrypted, as with ASP.NET Core's file-system default on Linux: whoever can read the
/// database can forge cookies, so the database's credentials are the secret to guard.</remarks>
public sealed class DatabaseKeyRing(IDbContextFactory<PerfEvalDbContext> factory) : IXmlRepository
{
    /// <summary>The application name every instance shares (keys are isolated per application name).</summary>
    public const string ApplicationName = "PerfEvalAnalytics";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = factory.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable()
            .Where(xml => !string.IsNullOrEmpty(xml)).Select(xml => XElement.Parse(xml!)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = factory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyEntity
        {
            FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }

    /// <summary>Data protection with the key ring in the store (needs the store's
    /// <see cref="IDbContextFactory{TContext}"/> registered).</summary>
    public static IDataProtectionBuilder Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new DatabaseKeyRing(sp.GetRequiredService<IDbContextFactory<PerfEvalDbContext>>())));
        return services.AddDataProtection().SetApplicationName(ApplicationName);
    }
}
