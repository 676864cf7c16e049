using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.PostgreSQL;

/// <summary>
/// Bulk rows through PostgreSQL's binary COPY (Npgsql's importer), inside the context's open transaction. Table,
/// columns, store types and value conversions come from the EF model, as for the SQLite writer; each column's
/// PostgreSQL type is resolved once per table, not per value.
/// </summary>
public sealed class NpgsqlCopyBulkRowWriter : IBulkRowWriter
{
    private readonly ConcurrentDictionary<(IModel, Type), CopyPlan> plans = new();

    public async Task WriteAsync<T>(PerfEvalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk rows must be written inside a transaction.");
        }

        await CopyAsync(db, typeof(T), rows, cancellationToken);
    }

    /// <summary>
    /// A session that holds the rows of every form of a batch and writes them as one COPY per table, referenced
    /// tables first (units before forms before their rows), whatever order the rows came in.
    /// </summary>
    public IBulkSession BeginSession(PerfEvalDbContext db) => new Session(this, db);

    private async Task CopyAsync(PerfEvalDbContext db, Type type, IEnumerable<object> rows, CancellationToken cancellationToken)
    {
        var plan = plans.GetOrAdd((db.Model, type), key => CopyPlan.Create(db, key.Item2));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.Sql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                var value = column.Value(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                if (column.Type is { } npgsqlType)
                {
                    await importer.WriteAsync(value, npgsqlType, cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.DataTypeName, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed class Session(NpgsqlCopyBulkRowWriter writer, PerfEvalDbContext db) : IBulkSession
    {
        private readonly Dictionary<Type, List<object>> held = [];

        public Task WriteAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
            where T : class
        {
            if (rows.Count > 0)
            {
                if (!held.TryGetValue(typeof(T), out var list))
                {
                    list = [];
                    held[typeof(T)] = list;
                }

                list.AddRange(rows);
            }

            return Task.CompletedTask;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (held.Count > 0 && db.Database.CurrentTransaction is null)
            {
                throw new InvalidOperationException("Bulk rows must be written inside a transaction.");
            }

            foreach (var (type, rows) in held.OrderBy(h => Depth(db.Model.FindEntityType(h.Key))))
            {
                await writer.CopyAsync(db, type, rows, cancellationToken);
            }

            held.Clear();
        }

        public ValueTask DisposeAsync()
        {
            held.Clear();
            return ValueTask.CompletedTask;
        }

        /// <summary>How many foreign keys deep a table is: 0 for one that references no other.</summary>
        private static int Depth(IEntityType? entity, int guard = 0) =>
            entity is null || guard > 16
                ? 0
                : entity.GetForeignKeys()
                    .Where(fk => fk.PrincipalEntityType != entity)
                    .Select(fk => 1 + Depth(fk.PrincipalEntityType, guard + 1))
                    .DefaultIfEmpty(0)
                    .Max();
    }

    /// <summary>A column to copy: its value, its PostgreSQL type as Npgsql knows it (or, failing that, by name).</summary>
    private sealed record Column(Func<object, object?> Value, NpgsqlDbType? Type, string DataTypeName);

    private sealed record CopyPlan(string Sql, IReadOnlyList<Column> Columns)
    {
        public static CopyPlan Create(DbContext db, Type clrType)
        {
            var table = BulkTable.Of(db, clrType);
            var columns = table.Columns.Select(c =>
            {
                // "character varying(40)" → "character varying": COPY wants the type, not its modifier.
                var type = c.Mapping.StoreType;
                var paren = type.IndexOf('(', StringComparison.Ordinal);
                var name = paren < 0 ? type : type[..paren].Trim();
                var npgsql = new NpgsqlParameter { DataTypeName = name }.NpgsqlDbType;
                return new Column(c.ProviderValue, npgsql == NpgsqlDbType.Unknown ? null : npgsql, name);
            }).ToList();
            var list = table.ColumnList;
            if (clrType == typeof(IndicatorRowEntity))
            {
                // The explanation's gram vector (a column outside the EF model, see PostgresGrams.RowsColumn),
                // computed here so that the server runs no gram function per row. Its bytes are tsvector's binary
                // format; binary COPY hands a field's bytes to the column type's receive function whatever type the
                // client names, so they go out as bytea.
                columns.Add(new Column(
                    row => ((IndicatorRowEntity)row).Explanation is { } text ? PostgresGrams.VectorBinary(text) : null,
                    NpgsqlDbType.Bytea, "bytea"));
                list += $", \"{PostgresGrams.RowsColumn}\"";
            }

            return new CopyPlan($"COPY {table.QuotedName} ({list}) FROM STDIN (FORMAT BINARY)", columns);
        }
    }
}
