using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Bulk rows as one prepared, parameterised INSERT executed per row in the open transaction: the fastest plain
/// ADO.NET path on SQLite. Table, columns and value conversions come from the EF model, so the SQL cannot drift
/// from the migrations.
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

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk rows must be written inside a transaction.");
        var plan = plans.GetOrAdd((db.Model, typeof(T)), key => InsertPlan.Create(db, key.Item2));

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = plan.Sql;
        var parameters = new DbParameter[plan.Columns.Count];
        for (var i = 0; i < plan.Columns.Count; i++)
        {
            parameters[i] = plan.Columns[i].Mapping.CreateParameter(command, "@p" + i, null, nullable: true);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < plan.Columns.Count; i++)
            {
                parameters[i].Value = plan.Columns[i].ProviderValue(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
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
