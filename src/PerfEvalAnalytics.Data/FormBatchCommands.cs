using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The look-ups and inserts <see cref="FormStore"/> runs for each form of a batch, prepared once per batch on the
/// batch's connection and transaction (EF queries cost far more per call than the rows they find). Table and column
/// names, store types and conversions come from the EF model, as for the bulk writers.
/// </summary>
internal sealed class FormBatchCommands : IAsyncDisposable
{
    private readonly List<DbCommand> all = [];
    private readonly Lookup sameFileInPart;
    private readonly Lookup sameFileWhole;
    private readonly Lookup unitByName;
    private readonly Lookup formByIdentity;
    private readonly Insert insertUnit;
    private readonly Insert insertForm;

    private FormBatchCommands(DbContext db, DbTransaction transaction)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var forms = db.Model.FindEntityType(typeof(FormEntity))!;
        var units = db.Model.FindEntityType(typeof(UnitEntity))!;
        var f = new Names(forms, sql);
        var u = new Names(units, sql);
        var select = $"SELECT {f[nameof(FormEntity.Id)]}, {f[nameof(FormEntity.FileName)]} FROM {f.Table} WHERE {f[nameof(FormEntity.FileSha256)]} = @sha AND ";
        sameFileInPart = Add(new Lookup(Command(transaction, select + $"{f[nameof(FormEntity.SourcePart)]} = @part LIMIT 1"),
            f.Property(nameof(FormEntity.FileSha256)), f.Property(nameof(FormEntity.SourcePart))));
        sameFileWhole = Add(new Lookup(Command(transaction, select + $"{f[nameof(FormEntity.SourcePart)]} IS NULL LIMIT 1"),
            f.Property(nameof(FormEntity.FileSha256))));
        unitByName = Add(new Lookup(Command(transaction, $"SELECT {u[nameof(UnitEntity.Id)]} FROM {u.Table} WHERE {u[nameof(UnitEntity.NormalizedName)]} = @name LIMIT 1"),
            u.Property(nameof(UnitEntity.NormalizedName))));
        formByIdentity = Add(new Lookup(Command(transaction,
                $"SELECT {f[nameof(FormEntity.Id)]}, {f[nameof(FormEntity.ContentSha256)]}, {f[nameof(FormEntity.FileName)]} FROM {f.Table} "
                + $"WHERE {f[nameof(FormEntity.UnitId)]} = @unit AND {f[nameof(FormEntity.Year)]} = @year AND {f[nameof(FormEntity.Kind)]} = @kind "
                + $"AND {f[nameof(FormEntity.ProjectName)]} = @project LIMIT 1"),
            f.Property(nameof(FormEntity.UnitId)), f.Property(nameof(FormEntity.Year)), f.Property(nameof(FormEntity.Kind)),
            f.Property(nameof(FormEntity.ProjectName))));
        insertUnit = Add(new Insert(transaction, BulkTable.Of(db, typeof(UnitEntity)), u[nameof(UnitEntity.Id)]));
        insertForm = Add(new Insert(transaction, BulkTable.Of(db, typeof(FormEntity)), f[nameof(FormEntity.Id)]));
    }

    public static async Task<FormBatchCommands> PrepareAsync(DbContext db, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A batch of forms must be stored inside a transaction.");
        var commands = new FormBatchCommands(db, transaction);
        foreach (var command in commands.all)
        {
            await command.PrepareAsync(cancellationToken);
        }

        return commands;
    }

    /// <summary>The stored form from the same file (and the same sheet or table of it), if any: id and file name.</summary>
    public async Task<(long Id, string FileName)?> SameFileAsync(string sha256, string? part, CancellationToken ct)
    {
        var row = part is null
            ? await sameFileWhole.FirstAsync(ct, sha256)
            : await sameFileInPart.FirstAsync(ct, sha256, part);
        return row is null ? null : ((long)row[0]!, (string)row[1]!);
    }

    public async Task<long?> UnitIdAsync(string normalizedName, CancellationToken ct) =>
        await unitByName.FirstAsync(ct, normalizedName) is { } row ? (long)row[0]! : null;

    /// <summary>The stored form with this identity, if any: id, content fingerprint, file name.</summary>
    public async Task<(long Id, string ContentSha256, string FileName)?> FormAsync(long unitId, int year,
        Domain.FormKind kind, string project, CancellationToken ct) =>
        await formByIdentity.FirstAsync(ct, unitId, year, kind, project) is { } row
            ? ((long)row[0]!, ((string)row[1]!).Trim(), (string)row[2]!)
            : null;

    public Task<long> InsertUnitAsync(UnitEntity unit, CancellationToken ct) => insertUnit.RunAsync(unit, ct);

    public Task<long> InsertFormAsync(FormEntity form, CancellationToken ct) => insertForm.RunAsync(form, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in all)
        {
            await command.DisposeAsync();
        }
    }

    private T Add<T>(T owner)
        where T : ICommandOwner
    {
        all.Add(owner.Command);
        return owner;
    }

    private static DbCommand Command(DbTransaction transaction, string text)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    private interface ICommandOwner
    {
        DbCommand Command { get; }
    }

    /// <summary>Quoted table and column names of an entity type.</summary>
    private sealed class Names(IEntityType entity, ISqlGenerationHelper sql)
    {
        private readonly StoreObjectIdentifier store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        public string Table { get; } = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

        public string this[string property] => sql.DelimitIdentifier(Property(property).GetColumnName(store)!);

        public IProperty Property(string name) => entity.FindProperty(name)!;
    }

    /// <summary>A SELECT of the first matching row, one typed parameter per compared column, in order.</summary>
    private sealed class Lookup : ICommandOwner
    {
        private readonly (DbParameter Parameter, RelationalTypeMapping Mapping)[] parameters;

        public Lookup(DbCommand command, params IProperty[] compared)
        {
            Command = command;
            parameters = compared.Select((p, i) =>
            {
                var mapping = (RelationalTypeMapping)p.GetTypeMapping();
                var name = ParameterNames(command.CommandText)[i];
                var parameter = mapping.CreateParameter(command, name, null, nullable: true);
                command.Parameters.Add(parameter);
                return (parameter, mapping);
            }).ToArray();
        }

        public DbCommand Command { get; }

        public async Task<object?[]?> FirstAsync(CancellationToken ct, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var (parameter, mapping) = parameters[i];
                parameter.Value = mapping.Converter is { } converter ? converter.ConvertToProvider(values[i]) : values[i];
            }

            await using var reader = await Command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            }

            return row;
        }

        private static List<string> ParameterNames(string sql) =>
            System.Text.RegularExpressions.Regex.Matches(sql, "@[a-z]+").Select(m => m.Value).ToList();
    }

    /// <summary>An INSERT of every column of an entity type, returning the generated key.</summary>
    private sealed class Insert : ICommandOwner
    {
        private readonly BulkTable table;
        private readonly DbParameter[] parameters;

        public Insert(DbTransaction transaction, BulkTable table, string quotedKey)
        {
            this.table = table;
            var values = string.Join(", ", table.Columns.Select((_, i) => "@p" + i));
            Command = FormBatchCommands.Command(transaction,
                $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({values}) RETURNING {quotedKey}");
            parameters = table.Columns.Select((c, i) =>
            {
                var parameter = c.Mapping.CreateParameter(Command, "@p" + i, null, nullable: true);
                Command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
        }

        public DbCommand Command { get; }

        public async Task<long> RunAsync(object entity, CancellationToken ct)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = table.Columns[i].ProviderValue(entity) ?? DBNull.Value;
            }

            return Convert.ToInt64(await Command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
