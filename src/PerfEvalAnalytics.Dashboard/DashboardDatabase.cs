using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.PostgreSQL;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>
/// The dashboard's store from configuration, as the CLI reads it: <c>Database:Provider</c> = <c>Sqlite</c> (default,
/// the file at <c>Database:Path</c>) or <c>PostgreSQL</c> (the server at <c>Database:ConnectionString</c>). The
/// start-up job creates or migrates it; every query service gets the same pooled context factory.
/// </summary>
public static class DashboardDatabase
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "Database:ConnectionString";

    /// <summary>The store configuration names; a wrong provider name or a missing connection string fails start-up
    /// with one line naming the key (<see cref="StartupRefusedException"/>).</summary>
    public static PerfEvalStore FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals(nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase))
        {
            return PerfEvalDb.SqliteStore(configuration[Extensions.DatabasePathKey] ?? PerfEvalDb.DefaultSqlitePath);
        }

        if (!provider.Equals(nameof(DatabaseProvider.PostgreSQL), StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupRefusedException(
                $"{ProviderKey}: '{provider}' is not a database provider (expected Sqlite or PostgreSQL)");
        }

        var connection = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new StartupRefusedException(
                $"{ProviderKey} is PostgreSQL but {ConnectionStringKey} is not set (environment: Database__ConnectionString)");
        }

        try
        {
            return PostgresDb.Store(connection);
        }
        catch (ArgumentException ex)
        {
            // Never echo the connection string: it may hold a password.
            throw new StartupRefusedException($"{ConnectionStringKey}: connection string not understood ({ex.Message})");
        }
    }

    public static IServiceCollection AddPerfEvalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var store = FromConfiguration(configuration);
        services.AddSingleton(store);
        services.AddSingleton(store.Factory);
        services.AddSingleton(store.Bulk);
        return services;
    }
}
