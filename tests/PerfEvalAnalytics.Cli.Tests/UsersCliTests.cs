using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Tests.Providers;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

/// <summary><c>perfeval users …</c> on both providers, and the audit entries every writing command leaves.</summary>
[Collection(PostgresTests.Name)]
public sealed class UsersCliTests(PostgresServer postgres) : CliTestBase
{
    private static async Task<(int Code, string Out, string Err)> RunWithInputAsync(string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr) { In = new StringReader(input) };
        var code = await PerfEvalCli.RunAsync(args, console, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<List<AuditEntryEntity>> AuditAsync()
    {
        var factory = await PerfEvalDb.OpenSqliteAsync(Db, default);
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Users_AddListSetRoleUnlockRemove_OnSqlite_AreAuditedAsTheOsUser()
    {
        var add = await RunWithInputAsync("a long enough secret\n", "users", "add", "王主任", "--role", "admin", "--db", Db);
        var add2 = await RunWithInputAsync("another long secret\n", "users", "add", "张三", "--role", "reviewer", "--db", Db);
        var setRole = await RunAsync("users", "set-role", "张三", "--role", "readonly", "--db", Db);
        var demoteLast = await RunAsync("users", "set-role", "王主任", "--role", "reviewer", "--db", Db);
        var unlock = await RunAsync("users", "unlock", "张三", "--db", Db);
        var list = await RunAsync("users", "list", "--db", Db);
        var remove = await RunAsync("users", "remove", "张三", "--db", Db);
        var after = await RunAsync("users", "list", "--db", Db);

        Assert.Equal((0, "added 王主任 (Admin)\n"), (add.Code, add.Out.ReplaceLineEndings("\n")));
        Assert.Equal(0, add2.Code);
        Assert.Equal((0, "张三: ReadOnly\n"), (setRole.Code, setRole.Out.ReplaceLineEndings("\n")));
        Assert.Equal(2, demoteLast.Code);
        Assert.Contains("last administrator", demoteLast.Err, StringComparison.Ordinal);
        Assert.Equal(0, unlock.Code);
        Assert.Contains("王主任\tAdmin\tactive\t0 failed sign-ins", list.Out, StringComparison.Ordinal);
        Assert.Contains("张三\tReadOnly\tactive", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, remove.Code);
        Assert.DoesNotContain("张三", after.Out, StringComparison.Ordinal);
        var audit = await AuditAsync();
        Assert.Equal(
            [AuditActions.UserAdd, AuditActions.UserAdd, AuditActions.UserRole, AuditActions.UserUnlock, AuditActions.UserRemove],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cli:" + Environment.UserName, a.Actor));
    }

    [Fact]
    public async Task UsersAdd_PasswordTooShortOrMissingOrUnknownRole_ExitsTwoWithOneLine()
    {
        var tooShort = await RunWithInputAsync("short\n", "users", "add", "王", "--role", "admin", "--db", Db);
        var missing = await RunWithInputAsync("", "users", "add", "王", "--role", "admin", "--db", Db);
        var role = await RunWithInputAsync("a long enough secret\n", "users", "add", "王", "--role", "boss", "--db", Db);
        var roleNoPassword = await RunWithInputAsync("", "users", "add", "王", "--role", "boss", "--db", Db);
        // A password is never taken from the command line: an extra argument is a usage error.
        var asArgument = await RunWithInputAsync("", "users", "add", "王", "a long enough secret", "--role", "admin", "--db", Db);

        Assert.Equal(2, tooShort.Code);
        Assert.Contains("at least 10 characters", tooShort.Err, StringComparison.Ordinal);
        Assert.Equal(2, missing.Code);
        Assert.Contains("PERFEVAL_PASSWORD", missing.Err, StringComparison.Ordinal);
        Assert.Equal(2, role.Code);
        Assert.Contains("unknown role 'boss' (expected one of: admin, reviewer, readonly)", role.Err, StringComparison.Ordinal);
        Assert.Equal(2, roleNoPassword.Code);
        Assert.Contains("unknown role 'boss'", roleNoPassword.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("PERFEVAL_PASSWORD", roleNoPassword.Err, StringComparison.Ordinal);
        Assert.NotEqual(0, asArgument.Code);
        Assert.Empty((await RunAsync("users", "list", "--db", Db)).Out);
    }

    [Fact]
    public async Task IngestAnalyzeReview_FromTheCli_AreAuditedAsTheOsUser()
    {
        await RunAsync("ingest", TestData.ReferencePath, "--db", Db);
        await RunAsync("analyze", "--db", Db);
        var factory = await PerfEvalDb.OpenSqliteAsync(Db, default);
        long id;
        await using (var db = await factory.CreateDbContextAsync())
        {
            id = await db.Findings.Where(f => f.RuleCode == "C1").Select(f => f.Id).FirstAsync();
        }

        var review = await RunAsync("review", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--status", "Confirmed", "--reviewer", "张三", "--db", Db);

        Assert.Equal(0, review.Code);
        var audit = await AuditAsync();
        Assert.Equal([AuditActions.Import, AuditActions.Analyze, AuditActions.Review], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cli:" + Environment.UserName, a.Actor));
        Assert.Contains("1 added", audit[0].Summary, StringComparison.Ordinal);
        Assert.Contains("26 findings", audit[1].Summary, StringComparison.Ordinal);
        Assert.Contains("as 张三: Open → Confirmed", audit[2].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersSetPassword_ReplacesThePassword_AndRefusesAWeakOneKeepingTheOld()
    {
        await RunWithInputAsync("the first long secret\n", "users", "add", "张三", "--role", "reviewer", "--db", Db);

        var weak = await RunWithInputAsync("short\n", "users", "set-password", "张三", "--db", Db);
        var strong = await RunWithInputAsync("the second long secret\n", "users", "set-password", "张三", "--db", Db);

        Assert.Equal(2, weak.Code);
        Assert.Equal((0, "张三: new password set\n"), (strong.Code, strong.Out.ReplaceLineEndings("\n")));
        var factory = await PerfEvalDb.OpenSqliteAsync(Db, default);
        await using var services = AccountServices.Build(factory, TimeProvider.System);
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = (await users.FindByNameAsync("张三"))!;
        Assert.True(await users.CheckPasswordAsync(user, "the second long secret"));
        Assert.False(await users.CheckPasswordAsync(user, "the first long secret"));
        Assert.Contains(await AuditAsync(), a => a.Action == AuditActions.UserPassword && a.Target == "张三");
    }

    [Fact]
    public async Task Users_WithConnection_UsePostgres()
    {
        var connection = postgres.CreateDatabase();

        var add = await RunWithInputAsync("a long enough secret\n", "users", "add", "王主任", "--role", "admin", "--connection", connection);
        var list = await RunAsync("users", "list", "--connection", connection);

        Assert.Equal(0, add.Code);
        Assert.Contains("王主任\tAdmin\tactive", list.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }
}
