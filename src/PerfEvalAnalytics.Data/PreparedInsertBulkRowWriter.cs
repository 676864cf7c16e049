using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Bulk rows as one prepared INSERT executed per row in the open transaction, its values bound by position on the
/// connection's native statement (<see cref="SqliteRowStatement"/>, <see cref="SqliteInsertPlan{T}"/>): the fastest
/// plain path on SQLite. Table, columns and value conversions come from the EF model, so the SQL cannot drift from
/// the migrations. A session prepares each INSERT once and reuses it for every form of a batch.
/// </summary>
public sealed class PreparedInsertBulkRowWriter : IBulkRowWriter
{
    private readonly ConcurrentDictionary<(IModel, Type), object> plans = new();

    public async Task WriteAsync<T>(PerfEvalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var session = new Session(this, db);
        await session.WriteAsync(rows, cancellationToken);
    }

    public IBulkSession BeginSession(PerfEvalDbContext db) => new Session(this, db);

    private SqliteInsertPlan<T> Plan<T>(DbContext db)
        where T : class =>
        (SqliteInsertPlan<T>)plans.GetOrAdd((db.Model, typeof(T)), static (_, context) => SqliteInsertPlan<T>.Create(context), db);

    /// <summary>One prepared INSERT per entity type, for the session's transaction. SQLite runs in-process, so the
    /// writes complete synchronously.</summary>
    private sealed class Session(PreparedInsertBulkRowWriter writer, PerfEvalDbContext db) : IBulkSession
    {
        private readonly Dictionary<Type, SqliteRowStatement> statements = [];

        public Task WriteAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count == 0)
            {
                return Task.CompletedTask;
            }

            var plan = writer.Plan<T>(db);
            if (!statements.TryGetValue(typeof(T), out var statement))
            {
                if (db.Database.CurrentTransaction is null)
                {
                    throw new InvalidOperationException("Bulk rows must be written inside a transaction.");
                }

                statement = SqliteRowStatement.Prepare((SqliteConnection)db.Database.GetDbConnection(), plan.Sql);
                statements[typeof(T)] = statement;
            }

            var bind = plan.Bind;
            foreach (var row in rows)
            {
                bind(statement, row);
                statement.Execute();
            }

            return Task.CompletedTask;
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            foreach (var statement in statements.Values)
            {
                statement.Dispose();
            }

            statements.Clear();
            return ValueTask.CompletedTask;
        }
    }
}
