using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Per-connection SQLite settings for an ingest-heavy workload: with WAL, synchronous=NORMAL still never corrupts the
/// database; a power cut can only lose the last committed transactions, which re-ingesting restores.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

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
