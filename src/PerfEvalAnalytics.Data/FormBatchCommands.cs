using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// The look-ups and key allocation <see cref="FormStore"/> runs for a batch of forms on the batch's connection and
/// transaction: what the database already holds for the batch (same files, units, forms of those units) is read by
/// three set-based queries, then kept up to date in memory as the batch writes. New units and forms take their keys
/// from a pool filled by one query per batch (PostgreSQL: the identity's sequence; SQLite: above the table's highest
/// key, inside the write transaction, SQLite having one writer) and are written with those keys through the batch's
/// bulk session like every other row (binary COPY on PostgreSQL). Per-form queries cost far more than the rows they
/// find or return, and on a server each is a round trip. Table and column names, store types and conversions come
/// from the EF model, as for the bulk writers.
/// </summary>
internal sealed class FormBatchCommands
{
    private readonly DbContext db;
    private readonly DbTransaction transaction;
    private readonly Names f;
    private readonly Names u;
    private readonly KeyPool formKeys;
    private readonly KeyPool unitKeys;
    private readonly HashSet<long> addedForms = [];
    private readonly Dictionary<(string Sha, string? Part), (long Id, string FileName)> files = [];
    private readonly Dictionary<string, long> units = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Unit, int Year, FormKind Kind, string Project), StoredFormKey> forms = [];

    private FormBatchCommands(DbContext db, DbTransaction transaction, int batchSize)
    {
        this.db = db;
        this.transaction = transaction;
        var sql = db.GetService<ISqlGenerationHelper>();
        f = new Names(db.Model.FindEntityType(typeof(FormEntity))!, sql);
        u = new Names(db.Model.FindEntityType(typeof(UnitEntity))!, sql);
        // A batch adds at most one form per form it holds, and at most one unit per new unit name (set by LoadAsync).
        formKeys = new KeyPool(this, f, nameof(FormEntity.Id)) { Size = batchSize };
        unitKeys = new KeyPool(this, u, nameof(UnitEntity.Id));
    }

    /// <summary>Reads what the database holds for these forms.</summary>
    public static async Task<FormBatchCommands> PrepareAsync(DbContext db, IReadOnlyList<EvaluationForm> batch,
        CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A batch of forms must be stored inside a transaction.");
        var commands = new FormBatchCommands(db, transaction, batch.Count);
        await commands.LoadAsync(batch, cancellationToken);
        return commands;
    }

    /// <summary>
    /// The ids of the stored forms of these units (normalised names), by identity (normalised unit name, year, kind,
    /// project, empty for a department form): two set-based queries on the transaction's connection, as a batch's
    /// look-ups, so a caller holds the ids of the units it is working on, not of every form.
    /// </summary>
    public static async Task<Dictionary<(string Unit, int Year, FormKind Kind, string Project), long>> FormIdsAsync(
        DbContext db, IReadOnlyList<string> unitNames, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Form ids are looked up inside a transaction.");
        var commands = new FormBatchCommands(db, transaction, 0);
        var u = commands.u;
        var f = commands.f;
        await commands.ReadAsync($"SELECT {u[nameof(UnitEntity.Id)]}, {u[nameof(UnitEntity.NormalizedName)]} FROM {u.Table} WHERE {u[nameof(UnitEntity.NormalizedName)]} IN ",
            u.Property(nameof(UnitEntity.NormalizedName)), unitNames, r => commands.units[r.GetString(1)] = r.GetInt64(0),
            cancellationToken);
        await commands.ReadAsync($"SELECT {commands.FormColumns} FROM {f.Table} WHERE {f[nameof(FormEntity.UnitId)]} IN ",
            f.Property(nameof(FormEntity.UnitId)), commands.units.Values.Cast<object>().ToList(), commands.ReadForm,
            cancellationToken);
        var names = commands.units.ToDictionary(x => x.Value, x => x.Key);
        return commands.forms.Values.ToDictionary(x => (names[x.UnitId], x.Year, x.Kind, x.Project), x => x.Id);
    }

    /// <summary>The stored form from the same file (and the same sheet or table of it), if any: id and file name.</summary>
    public (long Id, string FileName)? SameFile(string sha256, string? part) =>
        files.TryGetValue((sha256, part), out var found) ? found : null;

    public long? UnitId(string normalizedName) => units.TryGetValue(normalizedName, out var id) ? id : null;

    /// <summary>The stored form with this identity, if any: id, content fingerprint, file name.</summary>
    public (long Id, string ContentSha256, string FileName)? Form(long unitId, int year, FormKind kind, string project) =>
        forms.TryGetValue((unitId, year, kind, project), out var found) ? (found.Id, found.ContentSha256, found.FileName) : null;

    /// <summary>True for a form this batch added: it may still be held by the bulk session, not yet in the table.</summary>
    public bool AddedInBatch(long formId) => addedForms.Contains(formId);

    /// <summary>Gives the unit a key and hands it to the bulk session; returns the key.</summary>
    public async Task<long> AddUnitAsync(UnitEntity unit, IBulkSession rows, CancellationToken ct)
    {
        unit.Id = await unitKeys.NextAsync(ct);
        await rows.WriteAsync([unit], ct);
        units[unit.NormalizedName] = unit.Id;
        return unit.Id;
    }

    /// <summary>Gives the form a key and hands it to the bulk session; returns the key.</summary>
    public async Task<long> AddFormAsync(FormEntity form, IBulkSession rows, CancellationToken ct)
    {
        form.Id = await formKeys.NextAsync(ct);
        await rows.WriteAsync([form], ct);
        addedForms.Add(form.Id);
        Remember(new StoredFormKey(form.Id, form.UnitId, form.Year, form.Kind, form.ProjectName, form.ContentSha256,
            form.FileName, form.FileSha256, form.SourcePart));
        return form.Id;
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

    private void Remember(StoredFormKey form)
    {
        forms[(form.UnitId, form.Year, form.Kind, form.Project)] = form;
        files.TryAdd((form.FileSha256, form.SourcePart), (form.Id, form.FileName));
    }

    private async Task LoadAsync(IReadOnlyList<EvaluationForm> batch, CancellationToken ct)
    {
        var formColumns = FormColumns;
        var shas = batch.Select(x => x.Source.Sha256).Distinct(StringComparer.Ordinal).ToList();
        await ReadAsync($"SELECT {formColumns} FROM {f.Table} WHERE {f[nameof(FormEntity.FileSha256)]} IN ", 
            f.Property(nameof(FormEntity.FileSha256)), shas, ReadForm, ct);
        var names = batch.Select(x => UnitNames.Normalize(x.UnitName)).Distinct(StringComparer.Ordinal).ToList();
        await ReadAsync($"SELECT {u[nameof(UnitEntity.Id)]}, {u[nameof(UnitEntity.NormalizedName)]} FROM {u.Table} WHERE {u[nameof(UnitEntity.NormalizedName)]} IN ",
            u.Property(nameof(UnitEntity.NormalizedName)), names, r => units[r.GetString(1)] = r.GetInt64(0), ct);
        await ReadAsync($"SELECT {formColumns} FROM {f.Table} WHERE {f[nameof(FormEntity.UnitId)]} IN ",
            f.Property(nameof(FormEntity.UnitId)), units.Values.Cast<object>().ToList(), ReadForm, ct);
        unitKeys.Size = names.Count - units.Count;
    }

    /// <summary>The columns <see cref="ReadForm"/> reads, in its order.</summary>
    private string FormColumns => string.Join(", ", new[]
    {
        nameof(FormEntity.Id), nameof(FormEntity.UnitId), nameof(FormEntity.Year), nameof(FormEntity.Kind),
        nameof(FormEntity.ProjectName), nameof(FormEntity.ContentSha256), nameof(FormEntity.FileName),
        nameof(FormEntity.FileSha256), nameof(FormEntity.SourcePart),
    }.Select(c => f[c]));

    private void ReadForm(DbDataReader r)
    {
        var kind = f.Property(nameof(FormEntity.Kind)).GetTypeMapping().Converter is { } converter
            ? (FormKind)converter.ConvertFromProvider(r.GetValue(3))!
            : (FormKind)Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture);
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
                var name = "@v" + (i - start).ToString(CultureInfo.InvariantCulture);
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

        /// <summary>The table's name as stored (unquoted), e.g. for sqlite_sequence.</summary>
        public string TableName => store.Name;

        public string this[string property] => sql.DelimitIdentifier(Column(property));

        /// <summary>The column's name as stored (unquoted).</summary>
        public string Column(string property) => Property(property).GetColumnName(store)!;

        public IProperty Property(string name) => entity.FindProperty(name)!;
    }

    /// <summary>
    /// Keys for new rows of one table, taken in one query when first needed: as many as the batch can use. On
    /// PostgreSQL they come from the identity column's sequence (never reused, so concurrent writers cannot collide;
    /// unused ones leave a gap). On SQLite they follow the highest key the table has held (AUTOINCREMENT's
    /// sqlite_sequence included, so a deleted form's key is not reused); SQLite lets one transaction write at a time,
    /// and a transaction whose read became stale is refused its first write, so the batch rolls back and is stored
    /// again form by form.
    /// </summary>
    private sealed class KeyPool(FormBatchCommands owner, Names table, string keyProperty)
    {
        private readonly Queue<long> keys = new();

        /// <summary>How many keys one query takes: as many as the batch can use.</summary>
        public int Size { get; set; } = 1;

        public async Task<long> NextAsync(CancellationToken ct)
        {
            if (keys.Count == 0)
            {
                await FillAsync(ct);
            }

            return keys.Dequeue();
        }

        private async Task FillAsync(CancellationToken ct)
        {
            var count = Math.Max(1, Size);
            await using var command = owner.transaction.Connection!.CreateCommand();
            command.Transaction = owner.transaction;
            if (owner.db.Database.IsSqlite())
            {
                Add(command, "@table", table.TableName);
                command.CommandText = $"SELECT max(coalesce((SELECT max({table[keyProperty]}) FROM {table.Table}), 0), "
                    + "coalesce((SELECT seq FROM sqlite_sequence WHERE name = @table), 0))";
                var top = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                for (var i = 1; i <= count; i++)
                {
                    keys.Enqueue(top + i);
                }

                return;
            }

            Add(command, "@table", table.Table);
            Add(command, "@column", table.Column(keyProperty));
            Add(command, "@n", count);
            command.CommandText = "SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @n)";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Enqueue(reader.GetInt64(0));
            }
        }

        private static void Add(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
