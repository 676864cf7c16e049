namespace PerfEvalAnalytics.Data;

/// <summary>
/// Writes many rows of one entity type inside the context's current transaction, bypassing the change tracker
/// (EF SaveChanges is ~6x slower than a prepared insert for bulk rows: shared STACK.md). This is the only
/// provider-specific seam of the data layer: SQLite uses a prepared INSERT; PostgreSQL will use binary COPY.
/// </summary>
public interface IBulkRowWriter
{
    Task WriteAsync<T>(PerfEvalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class;
}
