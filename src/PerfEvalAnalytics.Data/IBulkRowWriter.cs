namespace PerfEvalAnalytics.Data;

/// <summary>
/// Writes many rows of one entity type inside the context's current transaction, bypassing the change tracker
/// (EF SaveChanges is ~6x slower than a prepared insert for bulk rows: shared STACK.md). This is the only
/// provider-specific seam of the data layer: SQLite uses a prepared INSERT; PostgreSQL uses binary COPY.
/// </summary>
public interface IBulkRowWriter
{
    Task WriteAsync<T>(PerfEvalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// A session for many forms in one transaction: the writer may prepare its statements once for the session, or
    /// hold rows and write them together at <see cref="IBulkSession.FlushAsync"/>. This default writes each call at
    /// once through <see cref="WriteAsync{T}"/>.
    /// </summary>
    IBulkSession BeginSession(PerfEvalDbContext db) => new ImmediateBulkSession(this, db);
}

/// <summary>Bulk rows of many forms in one open transaction; every row is written by the end of <see cref="FlushAsync"/>.</summary>
public interface IBulkSession : IAsyncDisposable
{
    Task WriteAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Writes whatever the session still holds, inside the transaction, before it commits.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}

/// <summary>A session that writes every call at once.</summary>
internal sealed class ImmediateBulkSession(IBulkRowWriter writer, PerfEvalDbContext db) : IBulkSession
{
    public Task WriteAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class => writer.WriteAsync(db, rows, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
