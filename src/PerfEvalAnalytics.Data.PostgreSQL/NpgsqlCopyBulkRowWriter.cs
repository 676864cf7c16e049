using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PerfEvalAnalytics.Data.PostgreSQL;

/// <summary>
/// Bulk rows through PostgreSQL's binary COPY (Npgsql's importer), inside the context's open transaction. Table,
/// columns, store types and value conversions come from the EF model, as for the SQLite writer.
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

        var plan = plans.GetOrAdd((db.Model, typeof(T)), key => CopyPlan.Create(db, key.Item2));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.Sql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                    continue;
                }

                if (column.Mapping.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value)!;
                }

                await importer.WriteAsync(value, column.DataTypeName, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string DataTypeName);

    private sealed record CopyPlan(string Sql, IReadOnlyList<Column> Columns)
    {
        public static CopyPlan Create(DbContext db, Type clrType)
        {
            var entity = db.Model.FindEntityType(clrType)
                ?? throw new InvalidOperationException($"{clrType.Name} is not part of the model.");
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entity.GetProperties()
                .Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey())
                .ToList();
            var names = properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!));
            var text = $"COPY {sql.DelimitIdentifier(table, entity.GetSchema())} ({string.Join(", ", names)}) "
                + "FROM STDIN (FORMAT BINARY)";
            var columns = properties.Select(p =>
            {
                var mapping = (RelationalTypeMapping)p.GetTypeMapping();
                // "character varying(40)" → "character varying": COPY wants the type, not its modifier.
                var type = mapping.StoreType;
                var paren = type.IndexOf('(', StringComparison.Ordinal);
                return new Column(p.GetGetter(), mapping, paren < 0 ? type : type[..paren].Trim());
            }).ToList();
            return new CopyPlan(text, columns);
        }
    }
}
