using PerfEvalAnalytics.Data.PostgreSQL;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>A fresh store on either provider: a new SQLite file in <c>folder</c>, or a new PostgreSQL database.</summary>
internal static class TestStores
{
    public static async Task<PerfEvalStore> OpenAsync(DatabaseProvider provider, PostgresServer postgres, string folder)
    {
        Directory.CreateDirectory(folder);
        return provider == DatabaseProvider.Sqlite
            ? await PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(folder, $"{Guid.NewGuid():N}.db"), default)
            : await PostgresDb.OpenAsync(postgres.CreateDatabase(), default);
    }
}
