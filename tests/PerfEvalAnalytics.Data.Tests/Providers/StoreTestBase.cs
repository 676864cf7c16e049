namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>Tests that open fresh stores on either provider, in a temporary folder removed afterwards.</summary>
public abstract class StoreTestBase(PostgresServer postgres) : IDisposable
{
    protected string Folder { get; } =
        Path.Combine(Path.GetTempPath(), "perfeval-store-tests", Guid.NewGuid().ToString("N"));

    protected Task<PerfEvalStore> OpenAsync(DatabaseProvider provider) => TestStores.OpenAsync(provider, postgres, Folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder (or none at all) is harmless.
        }

        GC.SuppressFinalize(this);
    }
}
