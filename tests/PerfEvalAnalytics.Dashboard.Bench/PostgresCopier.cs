using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PerfEvalAnalytics.Dashboard.Bench;

/// <summary>
/// Copies a benchmark SQLite store into a migrated, empty PostgreSQL database table by table (binary COPY, ids kept),
/// so both providers are measured on the same rows. The search indexes are dropped during the copy and rebuilt
/// after it (one GIN build instead of a million index updates), then the identity sequences are moved past the ids.
/// </summary>
internal static class PostgresCopier
{
    private static readonly string[] Tables =
        ["units", "forms", "budget_lines", "indicator_rows", "form_notes", "analysis_runs", "findings", "finding_reviews",
            "form_metrics"];

    public static async Task CopyAsync(string sqlitePath, string connectionString, CancellationToken ct)
    {
        await using var source = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await source.OpenAsync(ct);
        await using var target = new NpgsqlConnection(connectionString);
        await target.OpenAsync(ct);
        foreach (var sql in Data.Search.PostgresGrams.DropIndexStatements)
        {
            await ExecAsync(target, sql, ct);
        }

        foreach (var table in Tables)
        {
            var columns = await ColumnsAsync(target, table, ct);
            var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
            var rows = await CopyTableAsync(source, target, table, columns, list, ct);
            if (columns.Any(c => c.Name == "Id"))
            {
                await ExecAsync(target,
                    $"SELECT setval(pg_get_serial_sequence('{table}', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM {table}), 1))", ct);
            }

            Console.WriteLine($"  {table}: {rows} rows");
        }

        foreach (var sql in Data.Search.PostgresGrams.CreateIndexes)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            await ExecAsync(target, sql, ct);
            Console.WriteLine($"  {sql[..Math.Min(60, sql.Length)]}… {sw.Elapsed.TotalSeconds:F0} s");
        }

        await ExecAsync(target, "VACUUM ANALYZE", ct);
    }

    private static async Task<int> CopyTableAsync(SqliteConnection source, NpgsqlConnection target, string table,
        List<(string Name, string Type)> columns, string list, CancellationToken ct)
    {
        await using var importer = await target.BeginBinaryImportAsync(
            $"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)", ct);
        await using var cmd = source.CreateCommand();
        cmd.CommandText = $"SELECT {list} FROM {table} ORDER BY 1";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, ct))
                {
                    await importer.WriteNullAsync(ct);
                    continue;
                }

                await WriteAsync(importer, reader, i, columns[i].Type, ct);
            }

            rows++;
        }

        await importer.CompleteAsync(ct);
        return rows;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, SqliteDataReader reader, int i, string type,
        CancellationToken ct)
    {
        switch (type)
        {
            case "bigint":
                await importer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, ct);
                break;
            case "integer":
                await importer.WriteAsync(reader.GetInt32(i), NpgsqlDbType.Integer, ct);
                break;
            case "boolean":
                await importer.WriteAsync(reader.GetInt64(i) != 0, NpgsqlDbType.Boolean, ct);
                break;
            case "double precision":
                await importer.WriteAsync(reader.GetDouble(i), NpgsqlDbType.Double, ct);
                break;
            case "timestamp with time zone":
                await importer.WriteAsync(DateTime.SpecifyKind(DateTime.Parse(reader.GetString(i),
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc),
                    NpgsqlDbType.TimestampTz, ct);
                break;
            default:
                await importer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, ct);
                break;
        }
    }

    private static async Task<List<(string Name, string Type)>> ColumnsAsync(NpgsqlConnection c, string table,
        CancellationToken ct)
    {
        var columns = new List<(string, string)>();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @t ORDER BY ordinal_position";
        cmd.Parameters.AddWithValue("t", table);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // Not in the SQLite store: the insert trigger computes the stored gram vectors.
            if (reader.GetString(0) != Data.Search.PostgresGrams.RowsColumn)
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns;
    }

    private static async Task ExecAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandTimeout = 0;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
