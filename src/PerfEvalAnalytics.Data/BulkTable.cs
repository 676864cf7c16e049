using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PerfEvalAnalytics.Data;

/// <summary>One column a bulk writer fills: its property, how to read it from the entity, its type mapping, its quoted
/// name.</summary>
public sealed record BulkColumn(IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string QuotedName)
{
    /// <summary>The entity's value for this column, converted to what the provider stores (enum → text …).</summary>
    public object? ProviderValue(object entity)
    {
        var value = Getter.GetClrValueUsingContainingEntity(entity);
        return value is not null && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }
}

/// <summary>
/// The table and columns of an entity type as the EF model (and so the migrations) define them: every bulk writer
/// derives its SQL from here, so it cannot drift from the schema. Store-generated keys are left out, except for
/// entities whose writer sets the key (<see cref="Entities.IPresetKey"/>).
/// </summary>
public sealed record BulkTable(string QuotedName, IReadOnlyList<BulkColumn> Columns)
{
    public static BulkTable Of(DbContext db, Type clrType)
    {
        var entity = db.Model.FindEntityType(clrType)
            ?? throw new InvalidOperationException($"{clrType.Name} is not part of the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var presetKey = typeof(Entities.IPresetKey).IsAssignableFrom(clrType);
        var columns = entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey() || presetKey)
            .Select(p => new BulkColumn(p, p.GetGetter(), (RelationalTypeMapping)p.GetTypeMapping(),
                sql.DelimitIdentifier(p.GetColumnName(store)!)))
            .ToList();
        return new BulkTable(sql.DelimitIdentifier(table, entity.GetSchema()), columns);
    }

    /// <summary>The quoted column names, comma-separated.</summary>
    public string ColumnList => string.Join(", ", Columns.Select(c => c.QuotedName));
}
