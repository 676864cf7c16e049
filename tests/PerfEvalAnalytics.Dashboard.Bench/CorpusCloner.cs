using System.Globalization;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Dashboard.Bench;

/// <summary>
/// Grows a database to a given number of forms by cloning the stored forms (with their rows and findings) in SQL:
/// five years per synthetic unit, templates used in turn. The clones have the real forms' shape and findings, which
/// is what the read-side timings depend on; they are not a realistic spread of values.
/// </summary>
internal static class CorpusCloner
{
    private const int YearsPerUnit = 5;
    private const int FirstYear = 2020;

    public static async Task CloneAsync(string path, int targetForms, CancellationToken ct)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        await c.OpenAsync(ct);
        // The search index's flush tokenises every copied row with the store's function.
        SqliteSearchFunction.Register(c);
        await ExecAsync(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;", ct);
        var existing = Convert.ToInt32(await ScalarAsync(c, "SELECT COUNT(*) FROM forms", ct), CultureInfo.InvariantCulture);
        var toAdd = targetForms - existing;
        if (toAdd <= 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await ExecAsync(c, $"""
            CREATE TEMP TABLE templates AS
              SELECT ROW_NUMBER() OVER (ORDER BY f.Id) - 1 AS t, f.Id AS formId, u.NormalizedName AS unitKey, f.Year AS year
              FROM forms f JOIN units u ON u.Id = f.UnitId;
            CREATE TEMP TABLE plan (k INTEGER PRIMARY KEY, unitName TEXT, year INTEGER, template INTEGER,
                                    tkey TEXT, tyear INTEGER, formId INTEGER);
            WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < {toAdd})
            INSERT INTO plan (k, unitName, year, template, tkey, tyear)
              SELECT n.k, '合成单位' || printf('%06d', n.k / {YearsPerUnit}), {FirstYear} + n.k % {YearsPerUnit},
                     t.formId, t.unitKey, t.year
              FROM n JOIN templates t ON t.t = n.k % (SELECT COUNT(*) FROM templates);
            INSERT INTO units (Name, NormalizedName) SELECT DISTINCT unitName, unitName FROM plan;
            """, ct, tx);

        await CopyAsync(c, tx, "forms", "f", "JOIN units u ON u.NormalizedName = p.unitName JOIN forms f ON f.Id = p.template",
            new Dictionary<string, string>
            {
                ["UnitId"] = "u.Id", ["Year"] = "p.year", ["UnitNameAsFiled"] = "p.unitName",
                ["FileName"] = "'synthetic/' || p.k || '.txt'", ["FileSha256"] = "printf('%064d', p.k)",
                ["ContentSha256"] = "printf('%064d', p.k)",
            }, ct);
        await ExecAsync(c, "UPDATE plan SET formId = (SELECT Id FROM forms WHERE FileSha256 = printf('%064d', plan.k))",
            ct, tx);
        foreach (var table in new[] { "budget_lines", "indicator_rows", "form_notes" })
        {
            await CopyAsync(c, tx, table, "r", $"JOIN {table} r ON r.FormId = p.template",
                new Dictionary<string, string> { ["FormId"] = "p.formId" }, ct);
        }

        await CopyAsync(c, tx, "form_metrics", "r", "JOIN form_metrics r ON r.FormId = p.template",
            new Dictionary<string, string> { ["FormId"] = "p.formId", ["Year"] = "p.year" }, ct);
        await CopyAsync(c, tx, "findings", "r", "JOIN findings r ON r.FormId = p.template",
            new Dictionary<string, string>
            {
                ["FormId"] = "p.formId", ["UnitName"] = "p.unitName", ["Year"] = "p.year",
                ["Key"] = "replace(r.Key, '|' || p.tkey || '|' || p.tyear || '|', '|' || p.unitName || '|' || p.year || '|')",
            }, ct);
        // The copies were queued for the search index (raw connection: no commit hook); index them set-based.
        await SqliteSearchIndexer.FlushAsync(tx, ct);
        await tx.CommitAsync(ct);
        await ExecAsync(c, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", ct);
    }

    /// <summary>INSERT INTO table (every column but Id) SELECT the template's values, with some replaced.</summary>
    private static async Task CopyAsync(SqliteConnection c, SqliteTransaction tx, string table, string alias,
        string join, Dictionary<string, string> replace, CancellationToken ct)
    {
        var columns = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            // Every column but a generated Id (form_metrics is keyed by FormId, which the caller replaces).
            cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Id'";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                columns.Add(reader.GetString(0));
            }
        }

        var values = columns.Select(col => replace.TryGetValue(col, out var v) ? v : $"{alias}.\"{col}\"");
        await ExecAsync(c, $"INSERT INTO {table} ({string.Join(", ", columns.Select(col => $"\"{col}\""))}) "
            + $"SELECT {string.Join(", ", values)} FROM plan p {join} ORDER BY p.k", ct, tx);
        Console.WriteLine($"  {table} copied");
    }

    private static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandTimeout = 0;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }
}
