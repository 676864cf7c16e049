using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Indexes the rows a SQLite transaction queued for free-text search (<see cref="SearchSql.SqliteQueueUp"/>) just
/// before it commits: one INSERT … SELECT per search table for the whole transaction (a batch of 500 forms), so the
/// index gets one new segment per commit instead of one per row. Registered on every store connection with
/// <see cref="SqliteSearchFunction"/>; a writer outside EF (a raw connection) calls <see cref="Flush"/> itself, and
/// until someone does, <see cref="TextSearch"/> still finds the queued rows (exact substring check).
/// </summary>
public sealed class SqliteSearchIndexer : DbTransactionInterceptor
{
    /// <summary>Whether the queues exist: not before migration SearchQueue (and this runs on the migrations' own
    /// commits too).</summary>
    private const string Exists = $"""
        SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('{SearchSql.RowsQueue}', '{SearchSql.FindingsQueue}')
        """;

    /// <summary>Which queues hold rows: reads, so read-only transactions stay read-only.</summary>
    private const string Pending = $"""
        SELECT EXISTS (SELECT 1 FROM {SearchSql.RowsQueue}) + 2 * EXISTS (SELECT 1 FROM {SearchSql.FindingsQueue})
        """;

    /// <summary>Indexes what is queued, in <paramref name="transaction"/> (on a connection with
    /// <see cref="SqliteSearchFunction"/> registered).</summary>
    public static void Flush(DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        using var command = Command(transaction, Exists);
        if (!Convert.ToBoolean(command.ExecuteScalar(), CultureInfo.InvariantCulture))
        {
            return;
        }

        command.CommandText = Pending;
        var sql = FlushSql(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        if (sql.Length > 0)
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc cref="Flush"/>
    public static async Task FlushAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = Command(transaction, Exists);
        if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture))
        {
            return;
        }

        command.CommandText = Pending;
        var sql = FlushSql(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
        if (sql.Length > 0)
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result)
    {
        Flush(transaction);
        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction,
        TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await FlushAsync(transaction, cancellationToken);
        return result;
    }

    private static string FlushSql(long pending) =>
        ((pending & 1) != 0 ? SearchSql.FlushRows : string.Empty)
        + ((pending & 2) != 0 ? SearchSql.FlushFindings : string.Empty);

    private static DbCommand Command(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0; // a large raw load indexes everything at once; a commit never fails on time
        return command;
    }
}
