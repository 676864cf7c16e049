using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace PerfEvalAnalytics.Data.PostgreSQL;

/// <summary>Opening the shared PostgreSQL store: options, migrations (this assembly's), COPY bulk writer.</summary>
public static class PostgresDb
{
    public static DbContextOptions<PerfEvalDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<PerfEvalDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgresDb).Assembly.GetName().Name))
            .Options;

    /// <summary>Connects, applies pending migrations and returns the store.</summary>
    public static async Task<PerfEvalStore> OpenAsync(string connectionString, CancellationToken ct)
    {
        var store = Store(connectionString);
        await using (var db = await store.Factory.CreateDbContextAsync(ct))
        {
            await PerfEvalDb.MigrateAsync(db, ct);
        }

        return store;
    }

    /// <summary>The store without connecting (a host that migrates later, e.g. the dashboard's start-up job).</summary>
    public static PerfEvalStore Store(string connectionString) =>
        new(new PooledDbContextFactory<PerfEvalDbContext>(Options(connectionString)), new NpgsqlCopyBulkRowWriter(),
            DatabaseProvider.PostgreSQL, Describe(connectionString));

    /// <summary>host:port/database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Host}:{b.Port}/{b.Database}";
    }
}
