using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>The shared <c>--db FILE</c> option and opening the database it names.</summary>
internal static class DatabaseOption
{
    public static Option<string> Create() => new("--db")
    {
        Description = $"SQLite database file (created on first use). Default: {PerfEvalDb.DefaultSqlitePath}",
        DefaultValueFactory = _ => PerfEvalDb.DefaultSqlitePath,
    };

    /// <summary>Opens (and migrates) the database, or writes a one-line error and returns null.</summary>
    public static async Task<IDbContextFactory<PerfEvalDbContext>?> OpenAsync(
        string path, CliConsole console, CancellationToken ct)
    {
        try
        {
            return await PerfEvalDb.OpenSqliteAsync(path, ct);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot open database '{path}': {ex.Message}");
            return null;
        }
    }
}
