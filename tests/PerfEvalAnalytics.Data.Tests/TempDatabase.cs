using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Data.Tests;

/// <summary>A fresh SQLite file in a temporary folder, deleted afterwards.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string folder, IDbContextFactory<PerfEvalDbContext> factory)
    {
        Folder = folder;
        Factory = factory;
        Ingestor = new BatchIngestor(new FormStore(factory, new PreparedInsertBulkRowWriter(), TimeProvider.System));
    }

    public string Folder { get; }

    public IDbContextFactory<PerfEvalDbContext> Factory { get; }

    public BatchIngestor Ingestor { get; }

    public static async Task<TempDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "perfeval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TempDatabase(folder, await PerfEvalDb.OpenSqliteAsync(Path.Combine(folder, "t.db"), default));
    }

    public string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public async Task<List<FileIngestResult>> IngestAsync(params string[] files)
    {
        var results = new List<FileIngestResult>();
        await foreach (var r in Ingestor.IngestAsync(files, default))
        {
            results.Add(r);
        }

        return results;
    }

    /// <summary>Every stored value of every table, in key order: equal dumps mean equal content.</summary>
    public async Task<string> DumpAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var sb = new System.Text.StringBuilder();
        foreach (var table in new[] { "units", "forms", "budget_lines", "indicator_rows", "form_notes" })
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY Id";
            await using var reader = await cmd.ExecuteReaderAsync();
            sb.Append("## ").AppendLine(table);
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    sb.Append(reader.GetName(i)).Append('=').Append(reader.GetValue(i)).Append('|');
                }

                sb.AppendLine();
            }
        }

        return sb.ToString();
    }

    public async Task<(int Units, int Forms, int Budget, int Indicators, int Notes)> CountsAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return (await db.Units.CountAsync(), await db.Forms.CountAsync(), await db.BudgetLines.CountAsync(),
            await db.IndicatorRows.CountAsync(), await db.FormNotes.CountAsync());
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over clean-up.
        }

        return ValueTask.CompletedTask;
    }
}

internal static class StoreOutcomes
{
    public static StoreOutcome?[] Of(IEnumerable<FileIngestResult> results) => [.. results.Select(r => r.Outcome)];
}
