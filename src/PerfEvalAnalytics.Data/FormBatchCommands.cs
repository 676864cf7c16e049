using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The look-ups and inserts <see cref="FormStore"/> runs for a batch of forms on the batch's connection and
/// transaction: what the database already holds for the batch (same files, units, forms of those units) is read by
/// three set-based queries, then kept up to date in memory as the batch writes; units and forms are inserted by
/// commands prepared once. (Per-form EF queries cost far more than the rows they find, and on a server each is a
/// round trip.) Table and column names, store types and conversions come from the EF model, as for the bulk writers.
/// </summary>
internal sealed class FormBatchCommands : IAsyncDisposable
{
    private readonly DbContext db;
    private readonly DbTransaction transaction;
    private readonly Names f;
    private readonly Names u;
    private readonly Insert insertUnit;
    private readonly Insert insertForm;
    private readonly Dictionary<(string Sha, string? Part), (long Id, string FileName)> files = [];
    private readonly Dictionary<string, long> units = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Unit, int Year, FormKind Kind, string Project), StoredFormKey> forms = [];

    private FormBatchCommands(DbContext db, DbTransaction transaction)
    {
        this.db = db;
        this.transaction = transaction;
        var sql = db.GetService<ISqlGenerationHelper>();
        f = new Names(db.Model.FindEntityType(typeof(FormEntity))!, sql);
        u = new Names(db.Model.FindEntityType(typeof(UnitEntity))!, sql);
        insertUnit = new Insert(transaction, BulkTable.Of(db, typeof(UnitEntity)), u[nameof(UnitEntity.Id)]);
        insertForm = new Insert(transaction, BulkTable.Of(db, typeof(FormEntity)), f[nameof(FormEntity.Id)]);
    }

    /// <summary>Prepares the inserts and reads what the database holds for these forms.</summary>
    public static async Task<FormBatchCommands> PrepareAsync(DbContext db, IReadOnlyList<EvaluationForm> batch,
        CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A batch of forms must be stored inside a transaction.");
        var commands = new FormBatchCommands(db, transaction);
        await commands.insertUnit.Command.PrepareAsync(cancellationToken);
        await commands.insertForm.Command.PrepareAsync(cancellationToken);
        await commands.LoadAsync(batch, cancellationToken);
        return commands;
    }

    /// <summary>The stored form from the same file (and the same sheet or table of it), if any: id and file name.</summary>
    public (long Id, string FileName)? SameFile(string sha256, string? part) =>
        files.TryGetValue((sha256, part), out var found) ? found : null;

    public long? UnitId(string normalizedName) => units.TryGetValue(normalizedName, out var id) ? id : null;

    /// <summary>The stored form with this identity, if any: id, content fingerprint, file name.</summary>
    public (long Id, string ContentSha256, string FileName)? Form(long unitId, int year, FormKind kind, string project) =>
        forms.TryGetValue((unitId, year, kind, project), out var found) ? (found.Id, found.ContentSha256, found.FileName) : null;

    public async Task<long> InsertUnitAsync(UnitEntity unit, CancellationToken ct)
    {
        var id = await insertUnit.RunAsync(unit, ct);
        units[unit.NormalizedName] = id;
        return id;
    }

    public async Task<long> InsertFormAsync(FormEntity form, CancellationToken ct)
    {
        var id = await insertForm.RunAsync(form, ct);
        Remember(new StoredFormKey(id, form.UnitId, form.Year, form.Kind, form.ProjectName, form.ContentSha256,
            form.FileName, form.FileSha256, form.SourcePart));
        return id;
    }

    /// <summary>Forgets a form the batch deleted (it is replaced): its file no longer counts as stored.</summary>
    public void Forget(long unitId, int year, FormKind kind, string project)
    {
        if (forms.Remove((unitId, year, kind, project), out var old)
            && files.TryGetValue((old.FileSha256, old.SourcePart), out var file) && file.Id == old.Id)
        {
            files.Remove((old.FileSha256, old.SourcePart));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await insertUnit.Command.DisposeAsync();
        await insertForm.Command.DisposeAsync();
    }

    private void Remember(StoredFormKey form)
    {
        forms[(form.UnitId, form.Year, form.Kind, form.Project)] = form;
        files.TryAdd((form.FileSha256, form.SourcePart), (form.Id, form.FileName));
    }

    private async Task LoadAsync(IReadOnlyList<EvaluationForm> batch, CancellationToken ct)
    {
        var formColumns = string.Join(", ", new[]
        {
            nameof(FormEntity.Id), nameof(FormEntity.UnitId), nameof(FormEntity.Year), nameof(FormEntity.Kind),
            nameof(FormEntity.ProjectName), nameof(FormEntity.ContentSha256), nameof(FormEntity.FileName),
            nameof(FormEntity.FileSha256), nameof(FormEntity.SourcePart),
        }.Select(c => f[c]));
        var shas = batch.Select(x => x.Source.Sha256).Distinct(StringComparer.Ordinal).ToList();
        await ReadAsync($"SELECT {formColumns} FROM {f.Table} WHERE {f[nameof(FormEntity.FileSha256)]} IN ", 
            f.Property(nameof(FormEntity.FileSha256)), shas, ReadForm, ct);
        var names = batch.Select(x => UnitNames.Normalize(x.UnitName)).Distinct(StringComparer.Ordinal).ToList();
        await ReadAsync($"SELECT {u[nameof(UnitEntity.Id)]}, {u[nameof(UnitEntity.NormalizedName)]} FROM {u.Table} WHERE {u[nameof(UnitEntity.NormalizedName)]} IN ",
            u.Property(nameof(UnitEntity.NormalizedName)), names, r => units[r.GetString(1)] = r.GetInt64(0), ct);
        await ReadAsync($"SELECT {formColumns} FROM {f.Table} WHERE {f[nameof(FormEntity.UnitId)]} IN ",
            f.Property(nameof(FormEntity.UnitId)), units.Values.Cast<object>().ToList(), ReadForm, ct);
    }

    private void ReadForm(DbDataReader r)
    {
        var kind = f.Property(nameof(FormEntity.Kind)).GetTypeMapping().Converter is { } converter
            ? (FormKind)converter.ConvertFromProvider(r.GetValue(3))!
            : (FormKind)Convert.ToInt32(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
        Remember(new StoredFormKey(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), kind, r.GetString(4),
            r.GetString(5).Trim(), r.GetString(6), r.GetString(7).Trim(), r.IsDBNull(8) ? null : r.GetString(8)));
    }

    /// <summary>Runs "… IN (values)" in chunks, with parameters typed by the compared property.</summary>
    private async Task ReadAsync<T>(string sqlUpToIn, IProperty compared, IReadOnlyList<T> values,
        Action<DbDataReader> read, CancellationToken ct)
    {
        const int chunk = 500;
        var mapping = (RelationalTypeMapping)compared.GetTypeMapping();
        for (var start = 0; start < values.Count; start += chunk)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            var names = new List<string>();
            for (var i = start; i < Math.Min(values.Count, start + chunk); i++)
            {
                var name = "@v" + (i - start).ToString(System.Globalization.CultureInfo.InvariantCulture);
                command.Parameters.Add(mapping.CreateParameter(command, name, values[i], nullable: false));
                names.Add(name);
            }

            command.CommandText = sqlUpToIn + "(" + string.Join(", ", names) + ")";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read(reader);
            }
        }
    }

    /// <summary>What the batch needs to know of a stored form.</summary>
    private sealed record StoredFormKey(long Id, long UnitId, int Year, FormKind Kind, string Project,
        string ContentSha256, string FileName, string FileSha256, string? SourcePart);

    /// <summary>Quoted table and column names of an entity type.</summary>
    private sealed class Names(IEntityType entity, ISqlGenerationHelper sql)
    {
        private readonly StoreObjectIdentifier store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        public string Table { get; } = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

        public string this[string property] => sql.DelimitIdentifier(Property(property).GetColumnName(store)!);

        public IProperty Property(string name) => entity.FindProperty(name)!;
    }

    /// <summary>An INSERT of every column of an entity type, returning the generated key.</summary>
    private sealed class Insert
    {
        private readonly BulkTable table;
        private readonly DbParameter[] parameters;

        public Insert(DbTransaction transaction, BulkTable table, string quotedKey)
        {
            this.table = table;
            var values = string.Join(", ", table.Columns.Select((_, i) => "@p" + i));
            Command = transaction.Connection!.CreateCommand();
            Command.Transaction = transaction;
            Command.CommandText = $"INSERT INTO {table.QuotedName} ({table.ColumnList}) VALUES ({values}) RETURNING {quotedKey}";
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
