using System.Data.Common;
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
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;";

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
