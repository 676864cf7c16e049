using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data;

/// <summary>Opening the embedded SQLite store: options, creation on first use, migrations.</summary>
public static class PerfEvalDb
{
    /// <summary>The default database file, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/perfeval.db";

    /// <summary>The settings every store connection runs when it opens (WAL, synchronous, page cache, checkpoint
    /// interval): for a tool that writes a SQLite file of its own and should compare like for like (the bench's
    /// yardstick).</summary>
    public const string SqliteConnectionPragmas = SqlitePragmas.Pragmas;

    public static DbContextOptions<PerfEvalDbContext> SqliteOptions(string path)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
        };
        return new DbContextOptionsBuilder<PerfEvalDbContext>()
            .UseSqlite(connection.ToString())
            .AddInterceptors(new SqlitePragmas(), new SqliteSearchFunction(), new SqliteSearchIndexer())
            .Options;
    }

    /// <summary>Opens (creating and migrating) the SQLite store at <paramref name="path"/>.</summary>
    public static async Task<PerfEvalStore> OpenSqliteStoreAsync(string path, CancellationToken ct)
    {
        await OpenSqliteAsync(path, ct);
        return SqliteStore(path);
    }

    /// <summary>The SQLite store at <paramref name="path"/> without touching the file (a host that creates and
    /// migrates it later, e.g. the dashboard's start-up job).</summary>
    public static PerfEvalStore SqliteStore(string path)
    {
        var full = Path.GetFullPath(path);
        return new(new PooledDbContextFactory<PerfEvalDbContext>(SqliteOptions(full)), new PreparedInsertBulkRowWriter(),
            DatabaseProvider.Sqlite, full);
    }

    /// <summary>Creates the file and its folder if missing and applies pending migrations.</summary>
    public static async Task<IDbContextFactory<PerfEvalDbContext>> OpenSqliteAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var factory = new PooledDbContextFactory<PerfEvalDbContext>(SqliteOptions(full));
        await using var db = await factory.CreateDbContextAsync(ct);
        await MigrateAsync(db, ct);
        return factory;
    }

    /// <summary>How long one migration command may run (an index rebuilt over every stored row of a large store).</summary>
    public static readonly TimeSpan MigrationCommandTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Applies pending migrations, with <see cref="MigrationCommandTimeout"/> per command: a migration may
    /// rebuild an index over every stored row (GramVectors on PostgreSQL: about 13 s for 20,000 forms on a loaded
    /// machine), more than the default 30 s on a large store.</summary>
    public static async Task MigrateAsync(PerfEvalDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Database.SetCommandTimeout(MigrationCommandTimeout);
        await db.Database.MigrateAsync(ct);
    }
}
