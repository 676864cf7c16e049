using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Bulk rows as one prepared, parameterised INSERT executed per row in the open transaction: the fastest plain
/// ADO.NET path on SQLite. Table, columns and value conversions come from the EF model, so the SQL cannot drift
/// from the migrations. A session prepares each INSERT once and reuses it for every form of a batch.
/// </summary>
public sealed class PreparedInsertBulkRowWriter : IBulkRowWriter
{
    private readonly ConcurrentDictionary<(IModel, Type), InsertPlan> plans = new();

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

    /// <summary>One prepared INSERT per entity type, for the session's transaction.</summary>
    private sealed class Session(PreparedInsertBulkRowWriter writer, PerfEvalDbContext db) : IBulkSession
    {
        private readonly Dictionary<Type, (DbCommand Command, DbParameter[] Parameters, InsertPlan Plan)> commands = [];

        public async Task WriteAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            if (rows.Count == 0)
            {
                return;
            }

            if (!commands.TryGetValue(typeof(T), out var prepared))
            {
                prepared = await PrepareAsync(typeof(T), cancellationToken);
                commands[typeof(T)] = prepared;
            }

            var (command, parameters, plan) = prepared;
            foreach (var row in rows)
            {
                for (var i = 0; i < plan.Columns.Count; i++)
                {
                    parameters[i].Value = plan.Columns[i].ProviderValue(row) ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            foreach (var (command, _, _) in commands.Values)
            {
                await command.DisposeAsync();
            }

            commands.Clear();
        }

        private async Task<(DbCommand, DbParameter[], InsertPlan)> PrepareAsync(Type type, CancellationToken cancellationToken)
        {
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                ?? throw new InvalidOperationException("Bulk rows must be written inside a transaction.");
            var plan = writer.plans.GetOrAdd((db.Model, type), key => InsertPlan.Create(db, key.Item2));
            var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = plan.Sql;
            var parameters = new DbParameter[plan.Columns.Count];
            for (var i = 0; i < plan.Columns.Count; i++)
            {
                parameters[i] = plan.Columns[i].Mapping.CreateParameter(command, "@p" + i, null, nullable: true);
                command.Parameters.Add(parameters[i]);
            }

            await command.PrepareAsync(cancellationToken);
            return (command, parameters, plan);
        }
    }

    private sealed record InsertPlan(string Sql, IReadOnlyList<BulkColumn> Columns)
    {
        public static InsertPlan Create(DbContext db, Type clrType)
        {
            var table = BulkTable.Of(db, clrType);
            var values = table.Columns.Select((_, i) => "@p" + i);
            return new InsertPlan(
                $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({string.Join(", ", values)})",
                table.Columns);
        }
    }
}
