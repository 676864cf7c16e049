using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PerfEvalAnalytics.Data.Search;

/// <summary>
/// Registers <c>perfeval_grams(text)</c> (<see cref="SearchTerms.Document"/>) on every SQLite connection the store
/// opens: the triggers that keep the FTS5 search tables in step with indicator_rows and findings call it, so any
/// write (ingest, replace, re-analysis, a cascade) updates the index in the same transaction.
/// </summary>
/// <remarks>A connection opened without it (e.g. the sqlite3 shell) can read the store but cannot write indicator
/// rows or findings: the triggers fail with "no such function: perfeval_grams". Use <see cref="Register"/> there.</remarks>
public sealed class SqliteSearchFunction : DbConnectionInterceptor
{
    public const string Name = "perfeval_grams";

    /// <summary>Adds the function to an open connection.</summary>
    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction(Name, (string? text) => SearchTerms.Document(text), isDeterministic: true);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Register((SqliteConnection)connection);

    public override Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register((SqliteConnection)connection);
        return Task.CompletedTask;
    }
}
