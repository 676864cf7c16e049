using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.PostgreSQL;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Data.Tests.Providers;

/// <summary>Review concurrency (optimistic token), the audit trail and account management, on both providers.</summary>
[Collection(PostgresTests.Name)]
public sealed class ReviewConcurrencyAndAuditTests(PostgresServer postgres) : IDisposable
{
    private readonly string folder =
        Path.Combine(Path.GetTempPath(), "perfeval-review-tests", Guid.NewGuid().ToString("N"));

    private async Task<PerfEvalStore> OpenAsync(DatabaseProvider provider)
    {
        Directory.CreateDirectory(folder);
        return provider == DatabaseProvider.Sqlite
            ? await PerfEvalDb.OpenSqliteStoreAsync(Path.Combine(folder, $"{Guid.NewGuid():N}.db"), default)
            : await PostgresDb.OpenAsync(postgres.CreateDatabase(), default);
    }

    private static async Task<PerfEvalStore> AnalysedAsync(PerfEvalStore store)
    {
        await foreach (var _ in new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System))
                           .IngestAsync([TestData.ReferencePath], default))
        {
        }

        await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System).RunAsync(RuleCatalog.Default(), default);
        return store;
    }

    private static async Task<long> FindingIdAsync(PerfEvalStore store, string rule)
    {
        await using var db = await store.Factory.CreateDbContextAsync();
        return await db.Findings.Where(f => f.RuleCode == rule).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
    }

    private static async Task<List<AuditEntryEntity>> AuditAsync(PerfEvalStore store, string action)
    {
        await using var db = await store.Factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Review_WithStaleVersion_IsRefusedAndNamesWhoChangedIt(DatabaseProvider provider)
    {
        var store = await AnalysedAsync(await OpenAsync(provider));
        var id = await FindingIdAsync(store, "C1");
        var reviews = new ReviewStore(store.Factory, TimeProvider.System);
        var loaded = (await new ReviewQuery(store.Factory).FindingAsync(id, default))!.Version;

        var first = await reviews.ReviewAsync(id, ReviewStatus.Confirmed, "核实", "张三", loaded, default);
        var second = await reviews.ReviewAsync(id, ReviewStatus.Dismissed, "误报", "李四", loaded, default);

        Assert.Equal(0, loaded);
        Assert.Equal(new ReviewResult(ReviewOutcome.Saved, 1), first);
        Assert.Equal(ReviewOutcome.Conflict, second.Outcome);
        Assert.Equal(1, second.Version);
        Assert.Equal("张三", second.Latest!.Reviewer);
        Assert.Equal(ReviewStatus.Confirmed, second.Latest.Status);
        var subject = (await new ReviewQuery(store.Factory).FindingAsync(id, default))!;
        Assert.Equal(ReviewStatus.Confirmed, subject.Current.Status);
        Assert.Single(subject.History);
        Assert.Equal(1, subject.Version);
        // Reloaded, the second reviewer can act on what is there now.
        var retry = await reviews.ReviewAsync(id, ReviewStatus.Dismissed, "误报", "李四", subject.Version, default);
        Assert.Equal(new ReviewResult(ReviewOutcome.Saved, 2), retry);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task ReviewState_TwoContextsUpdatingTheSameVersion_TheDatabaseRefusesTheSecond(
        DatabaseProvider provider)
    {
        var store = await AnalysedAsync(await OpenAsync(provider));
        var id = await FindingIdAsync(store, "C1");
        await new ReviewStore(store.Factory, TimeProvider.System)
            .ReviewAsync(id, ReviewStatus.FollowUp, null, "张三", 0, default);
        await using var a = await store.Factory.CreateDbContextAsync();
        await using var b = await store.Factory.CreateDbContextAsync();
        var rowA = await a.FindingReviewStates.SingleAsync();
        var rowB = await b.FindingReviewStates.SingleAsync();

        rowA.Version++;
        rowA.Status = ReviewStatus.Confirmed;
        await a.SaveChangesAsync();
        rowB.Version++;
        rowB.Status = ReviewStatus.Dismissed;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Review_ParallelReviewersOnTheSameLoadedVersion_ExactlyOneIsStored(DatabaseProvider provider)
    {
        var store = await AnalysedAsync(await OpenAsync(provider));
        var id = await FindingIdAsync(store, "C1");
        var reviews = new ReviewStore(store.Factory, TimeProvider.System);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            reviews.ReviewAsync(id, ReviewStatus.Confirmed, null, $"审阅员{i}", 0, default))));

        Assert.Single(results, r => r.Outcome == ReviewOutcome.Saved);
        Assert.Equal(5, results.Count(r => r.Outcome == ReviewOutcome.Conflict));
        var subject = (await new ReviewQuery(store.Factory).FindingAsync(id, default))!;
        Assert.Single(subject.History);
        Assert.Single(await AuditAsync(store, AuditActions.Review));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Review_WritesAnAuditEntryWithBeforeAndAfter(DatabaseProvider provider)
    {
        var store = await AnalysedAsync(await OpenAsync(provider));
        var id = await FindingIdAsync(store, "C1");
        var reviews = new ReviewStore(store.Factory, TimeProvider.System);

        await reviews.ReviewAsync(id, ReviewStatus.FollowUp, "问单位", "张三", 0, default);
        await reviews.ReviewAsync(id, ReviewStatus.Dismissed, "已说明", "李四", 1, default);

        var entries = await AuditAsync(store, AuditActions.Review);
        Assert.Equal(["张三", "李四"], entries.Select(e => e.Actor));
        Assert.Contains("FollowUp → Dismissed", entries[1].Summary, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"FollowUp\"", entries[1].Before, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"问单位\"", entries[1].Before, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Dismissed\"", entries[1].After, StringComparison.Ordinal);
        Assert.Contains("\"reviewer\":\"李四\"", entries[1].After, StringComparison.Ordinal);
        Assert.Equal((await new ReviewQuery(store.Factory).FindingAsync(id, default))!.Key, entries[1].Target);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Accounts_AddSetRoleLockUnlockRemove_AreAuditedAndEnforceTheRules(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        await using var services = AccountServices.Build(store.Factory, TimeProvider.System);
        using var scope = services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();

        await accounts.AddAsync("王主任", "admin", "correct horse battery", "cli:test", default);
        var reviewer = await accounts.AddAsync("张三", "Reviewer", "another long secret", "王主任", default);
        await Assert.ThrowsAsync<AccountException>(() => accounts.AddAsync("李四", "admin", "short", "cli:test", default));
        await Assert.ThrowsAsync<AccountException>(() => accounts.AddAsync("李四", "boss", "long enough pw", "cli:test", default));
        await Assert.ThrowsAsync<AccountException>(() => accounts.SetRoleAsync("王主任", "readonly", "cli:test", default));
        await accounts.SetRoleAsync("张三", "readonly", "王主任", default);
        var userManager = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        var user = (await userManager.FindByNameAsync("张三"))!;
        for (var i = 0; i < AccountPolicy.MaxFailedSignIns; i++)
        {
            await userManager.AccessFailedAsync(user);
        }

        var locked = (await accounts.FindAsync("张三"))!;
        await accounts.UnlockAsync("张三", "王主任", default);
        var unlocked = (await accounts.FindAsync("张三"))!;
        await accounts.RemoveAsync("张三", "王主任", default);

        Assert.Equal(AppRoles.Reviewer, reviewer.Role);
        Assert.True(locked.LockedOut);
        Assert.Equal(AppRoles.ReadOnly, locked.Role);
        Assert.False(unlocked.LockedOut);
        Assert.Equal(0, unlocked.FailedSignIns);
        Assert.Equal(["王主任"], (await accounts.ListAsync()).Select(u => u.Name));
        var audit = await new AuditQuery(store.Factory).PageAsync(new AuditFilter(), 0, 50, default);
        Assert.Equal(
            [AuditActions.UserRemove, AuditActions.UserUnlock, AuditActions.UserRole, AuditActions.UserAdd, AuditActions.UserAdd],
            audit.Items.Select(a => a.Action));
        var roleChange = audit.Items.Single(a => a.Action == AuditActions.UserRole);
        Assert.Equal("王主任", roleChange.Actor);
        Assert.Equal("{\"role\":\"Reviewer\"}", roleChange.Before);
        Assert.Equal("{\"role\":\"ReadOnly\"}", roleChange.After);
        var hash = (await userManager.FindByNameAsync("王主任"))!.PasswordHash;
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task AuditQuery_FiltersByActorActionDateAndText_AndExportsCsv(DatabaseProvider provider)
    {
        var store = await OpenAsync(provider);
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var log = new AuditLog(store.Factory, clock);
        await log.RecordAsync(new AuditRecord("张三", AuditActions.Import, "a.xlsx", "imported 1 file: 1 added"), default);
        clock.Now = clock.Now.AddDays(2);
        await log.RecordAsync(new AuditRecord("李四", AuditActions.Analyze, "run 2", "=cmd| 12 findings"), default);
        clock.Now = clock.Now.AddDays(2);
        await log.RecordAsync(new AuditRecord("cli:ops", AuditActions.Import, "b.txt", "imported 1 file: 1 unchanged"), default);
        var query = new AuditQuery(store.Factory);

        Assert.Equal(3, (await query.PageAsync(new AuditFilter(), 0, 2, default)).Total);
        Assert.Equal(2, (await query.PageAsync(new AuditFilter(), 0, 2, default)).Items.Count);
        Assert.Equal(["cli:ops", "张三"], (await query.PageAsync(new AuditFilter(Action: AuditActions.Import), 0, 10, default)).Items.Select(i => i.Actor));
        Assert.Equal(["李四"], (await query.PageAsync(new AuditFilter(Actor: "李"), 0, 10, default)).Items.Select(i => i.Actor));
        Assert.Equal(["李四"], (await query.PageAsync(new AuditFilter(FromUtc: new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), ToUtc: new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc)), 0, 10, default)).Items.Select(i => i.Actor));
        Assert.Equal(["cli:ops"], (await query.PageAsync(new AuditFilter(Text: "unchanged"), 0, 10, default)).Items.Select(i => i.Actor));
        using var csv = new MemoryStream();
        Assert.Equal(3, await query.WriteCsvAsync(new AuditFilter(), csv, default));
        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        Assert.Contains("操作人 Actor", text, StringComparison.Ordinal);
        Assert.Contains("'=cmd| 12 findings", text, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
