using System.CommandLine;
using Microsoft.Data.Sqlite;
using Npgsql;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.PostgreSQL;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// Which database a command uses: <c>--db FILE</c> (SQLite, the default), or PostgreSQL from <c>--connection</c>, or
/// from the environment (<c>Database__Provider=PostgreSQL</c> and <c>Database__ConnectionString=…</c>, the same
/// configuration keys the dashboard reads).
/// </summary>
internal static class DatabaseOption
{
    public const string ProviderVariable = "Database__Provider";
    public const string ConnectionVariable = "Database__ConnectionString";

    /// <summary><c>--connection</c>: a PostgreSQL connection string; on every command that uses a database.</summary>
    public static Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (Host=…;Database=…;Username=…). Overrides --db. "
            + $"Also from the environment: {ProviderVariable}=PostgreSQL and {ConnectionVariable}.",
        Recursive = true,
    };

    public static Option<string> Create() => new("--db")
    {
        Description = $"SQLite database file (created on first use). Default: {PerfEvalDb.DefaultSqlitePath}",
        DefaultValueFactory = _ => PerfEvalDb.DefaultSqlitePath,
    };

    /// <summary>Opens (and migrates) the store the command line and environment name, or writes a one-line error
    /// and returns null.</summary>
    public static async Task<PerfEvalStore?> OpenStoreAsync(
        ParseResult result, Option<string> db, CliConsole console, CancellationToken ct)
    {
        var connection = result.GetValue(Connection);
        var provider = Environment.GetEnvironmentVariable(ProviderVariable);
        if (ProviderError(provider) is { } wrong)
        {
            console.Error.WriteLine($"error: {wrong}");
            return null;
        }

        if (connection is null
            && string.Equals(provider?.Trim(), "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            connection = Environment.GetEnvironmentVariable(ConnectionVariable);
            if (string.IsNullOrWhiteSpace(connection))
            {
                console.Error.WriteLine($"error: {ProviderVariable}=PostgreSQL but {ConnectionVariable} is not set");
                return null;
            }
        }

        if (connection is null)
        {
            var path = result.GetValue(db)!;
            try
            {
                return await PerfEvalDb.OpenSqliteStoreAsync(path, ct);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"error: cannot open database '{path}': {ex.Message}");
                return null;
            }
        }

        try
        {
            return await PostgresDb.OpenAsync(connection, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            var where = ex is ArgumentException ? "(connection string not understood)" : Describe(connection);
            console.Error.WriteLine($"error: cannot open PostgreSQL database {where}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="provider"/> (the environment's <c>Database__Provider</c>) is not a provider, or null when it
    /// is unset, Sqlite or PostgreSQL (any case). A misspelt name must not quietly mean a SQLite file: the dashboard
    /// refuses it with the same words.
    /// </summary>
    internal static string? ProviderError(string? provider) =>
        string.IsNullOrWhiteSpace(provider)
        || provider.Trim().Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
        || provider.Trim().Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{ProviderVariable}: '{provider}' is not a database provider (expected Sqlite or PostgreSQL)";

    private static string Describe(string connection)
    {
        try
        {
            return PostgresDb.Describe(connection);
        }
        catch (ArgumentException)
        {
            return "(connection string not understood)";
        }
    }
}
