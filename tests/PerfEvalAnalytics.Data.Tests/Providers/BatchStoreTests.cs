using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PerfEvalAnalytics.Data.PostgreSQL;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>
/// A batch of forms on both providers: units and forms take keys allocated for the batch and go through the bulk
/// writer (COPY on PostgreSQL), so the batch must still see its own forms, replace one it added itself, never reuse a
/// key, and fall back to one form per transaction when the database refuses a row.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class BatchStoreTests(PostgresServer postgres) : StoreTestBase(postgres)
{
    private readonly PostgresServer server = postgres;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task OneBatch_SeesItsOwnForms_ReplacesOneItAdded_InOneTransaction(DatabaseProvider provider)
    {
        var (factory, bulk, commits) = await OpenCountingAsync(provider);
        var store = new FormStore(factory, bulk, TimeProvider.System);
        var corrected = Write("corrected.txt",
            TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal)));
        EvaluationForm[] forms =
        [
            FormReader.Read(TestData.ReferencePath), FormReader.Read(TestData.ExamplePath),
            FormReader.Read(TestData.ReferencePath), FormReader.Read(corrected),
        ];

        var attempts = await store.StoreManyAsync(forms, default);

        Assert.All(attempts, a => Assert.Null(a.Error));
        Assert.Equal([StoreOutcome.Added, StoreOutcome.Added, StoreOutcome.Unchanged, StoreOutcome.Replaced],
            attempts.Select(a => a.Result!.Outcome));
        Assert.Equal(1, commits.Count);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal((2, 2, 74), (await db.Units.CountAsync(), await db.Forms.CountAsync(), await db.IndicatorRows.CountAsync()));
        var reference = await db.Forms.SingleAsync(f => f.FileName == "corrected.txt");
        Assert.Equal(attempts[3].Result!.FormId, reference.Id);
        Assert.Equal(0.41m, (await db.IndicatorRows.SingleAsync(r => r.Line == 34 && r.FormId == reference.Id)).Score);
        Assert.All(await db.Forms.ToListAsync(), f => Assert.True(db.Units.Any(u => u.Id == f.UnitId)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Keys_FromBatchesAndSingleStores_NeverCollideNorComeBackAfterADelete(DatabaseProvider provider)
    {
        var (factory, bulk, _) = await OpenCountingAsync(provider);
        var store = new FormStore(factory, bulk, TimeProvider.System);
        var first = await store.StoreManyAsync([FormReader.Read(TestData.ReferencePath), FormReader.Read(TestData.ExamplePath)], default);
        // One form alone goes through EF (the database generates its key), then a batch again.
        var corrected = FormReader.Read(Write("corrected.txt",
            TestData.ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.41\t", StringComparison.Ordinal))));
        var single = await store.StoreAsync(corrected, default);
        var again = await store.StoreManyAsync([FormReader.Read(TestData.ReferencePath), FormReader.Read(TestData.ExamplePath)], default);

        Assert.Equal(StoreOutcome.Replaced, single.Outcome);
        Assert.Equal([StoreOutcome.Replaced, StoreOutcome.Unchanged], again.Select(a => a.Result!.Outcome));
        // Every form that was ever added has a new key: a replaced (deleted) form's key is not handed out again.
        long[] added = [.. first.Select(a => a.Result!.FormId), single.FormId, again[0].Result!.FormId];
        Assert.Equal(added.Length, added.Distinct().Count());
        Assert.True(single.FormId > first.Max(a => a.Result!.FormId));
        Assert.True(again[0].Result!.FormId > single.FormId);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal((2, 2), (await db.Units.CountAsync(), await db.Forms.CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task FormTheDatabaseRefuses_WritesNothingForIt_AndTheRestOfTheBatchGoesIn(DatabaseProvider provider)
    {
        var (factory, bulk, _) = await OpenCountingAsync(provider);
        await using (var db = await factory.CreateDbContextAsync())
        {
            // A real refusal by the database for one row of the reference form only.
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite
                ? "CREATE TRIGGER refuse BEFORE INSERT ON indicator_rows WHEN NEW.Name = 'PDA通信服务设备租赁数' "
                    + "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
                : """
                  CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN
                    IF NEW."Name" = 'PDA通信服务设备租赁数' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
                    RETURN NEW;
                  END $$;
                  CREATE TRIGGER refuse BEFORE INSERT ON indicator_rows FOR EACH ROW EXECUTE FUNCTION refuse();
                  """);
        }

        var store = new FormStore(factory, bulk, TimeProvider.System);
        var attempts = await store.StoreManyAsync(
            [FormReader.Read(TestData.ExamplePath), FormReader.Read(TestData.ReferencePath)], default);

        Assert.Equal(StoreOutcome.Added, attempts[0].Result?.Outcome);
        Assert.Null(attempts[1].Result);
        Assert.Contains("refused by test trigger", attempts[1].Error!.Message, StringComparison.Ordinal);
        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal((1, 1, 12), (await check.Units.CountAsync(), await check.Forms.CountAsync(), await check.IndicatorRows.CountAsync()));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Folder, "in", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }

    /// <summary>A migrated store whose contexts count committed transactions.</summary>
    private async Task<(IDbContextFactory<PerfEvalDbContext>, IBulkRowWriter, CommitCounter)> OpenCountingAsync(
        DatabaseProvider provider)
    {
        var commits = new CommitCounter();
        Directory.CreateDirectory(Folder);
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Folder, "batch.db");
            await PerfEvalDb.OpenSqliteAsync(path, default);
            var options = new DbContextOptionsBuilder<PerfEvalDbContext>(PerfEvalDb.SqliteOptions(path))
                .AddInterceptors(commits).Options;
            return (new PooledDbContextFactory<PerfEvalDbContext>(options), new PreparedInsertBulkRowWriter(), commits);
        }

        var connection = server.CreateDatabase();
        await PostgresDb.OpenAsync(connection, default);
        var pg = new DbContextOptionsBuilder<PerfEvalDbContext>(PostgresDb.Options(connection))
            .AddInterceptors(commits).Options;
        return (new PooledDbContextFactory<PerfEvalDbContext>(pg), new NpgsqlCopyBulkRowWriter(), commits);
    }

    private sealed class CommitCounter : DbTransactionInterceptor
    {
        private int count;

        public int Count => count;

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
            Interlocked.Increment(ref count);
    }
}
