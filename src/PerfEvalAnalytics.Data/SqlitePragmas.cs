using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Per-connection SQLite settings for an ingest-heavy workload: with WAL, synchronous=NORMAL still never corrupts the
/// database; a power cut can only lose the last committed transactions, which re-ingesting restores.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // cache_size: 64 MB of page cache per connection instead of SQLite's 2 MB default, so the unique indexes that
    // every ingested form probes and extends (file SHA-256, unit/year/kind/project) stay in memory on large stores.
    // wal_autocheckpoint: the write-ahead log is copied into the database every 16,384 pages (64 MB) instead of 1,000:
    // an index page changed by many batches is copied once, not once per batch, and the file is synced a sixteenth
    // as often. 100,000 generated forms: `perfeval ingest` 37.1 and 38.1 s with 1,000 pages, 35.7 and 35.7 s with
    // 16,384 (65,536 pages gave no more: 34.8 and 36.3 s).
    internal const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;";

    /// <summary>4 MB of page cache (negative: KiB) for reading forms in slices: each page is read once, in key
    /// order.</summary>
    public const string ReadPageCache = "PRAGMA cache_size=-4096;";

    /// <summary>8 MB of page cache for writing an analysis run: findings and measures are appended in id order, and
    /// the previous run's rows deleted in one pass.</summary>
    public const string RunPageCache = "PRAGMA cache_size=-8192;";

    /// <summary>
    /// On SQLite, a smaller page cache for this context's connection than the 64 MB that ingest wants: a job that
    /// reads or writes its pages once would only fill the cache with pages never used again, and the process would
    /// grow by the cache on each connection it holds. The next open of a pooled connection restores the default.
    /// </summary>
    /// <param name="db">The context whose connection is opened and kept open for the job.</param>
    /// <param name="pragma"><see cref="ReadPageCache"/> or <see cref="RunPageCache"/>.</param>
    /// <param name="ct">Cancels the open.</param>
    public static async Task SmallPageCacheAsync(PerfEvalDbContext db, string pragma, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (pragma is not (ReadPageCache or RunPageCache))
        {
            throw new ArgumentException("not a page cache setting of this class", nameof(pragma));
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(pragma, ct);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
