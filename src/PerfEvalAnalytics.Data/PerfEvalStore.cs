using Microsoft.EntityFrameworkCore;

namespace PerfEvalAnalytics.Data;

/// <summary>Which database engine holds the store.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default, one supervisor on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: shared deployments.</summary>
    PostgreSQL,
}

/// <summary>An open store: contexts per operation and the provider's bulk row writer.</summary>
/// <param name="Factory">Creates a context per operation.</param>
/// <param name="Bulk">SQLite: prepared INSERT; PostgreSQL: binary COPY.</param>
/// <param name="Provider">Which engine.</param>
/// <param name="Description">Where the data lives, for messages (file path, or host/database without password).</param>
public sealed record PerfEvalStore(
    IDbContextFactory<PerfEvalDbContext> Factory, IBulkRowWriter Bulk, DatabaseProvider Provider, string Description);
