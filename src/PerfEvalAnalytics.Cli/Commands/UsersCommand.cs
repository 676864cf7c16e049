using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval users add|list|set-role|unlock|set-password|remove</c>: the dashboard's accounts (accounts mode), in the
/// same database as the forms; every change is audited as <c>cli:&lt;OS user&gt;</c>.</summary>
internal static class UsersCommand
{
    public static Command Create(CliConsole console)
    {
        var users = new Command("users", "Manage dashboard accounts and roles (admin, reviewer, readonly).");

        var addName = Name();
        var addRole = Role(required: true);
        var addDb = DatabaseOption.Create();
        var add = new Command("add", $"Add an account; the password is typed (no echo), piped on standard input, or taken from {PasswordInput.Variable}.")
        {
            addName, addRole, addDb,
        };
        add.SetAction((r, ct) => RunAsync(r, addDb, console, async (accounts, actor) =>
        {
            var name = r.GetValue(addName)!;
            // A bad role is reported before the password is asked for (nobody types a secret to learn of a typo).
            UserAccounts.RoleOrThrow(r.GetValue(addRole)!);
            var password = PasswordInput.Read(console, name);
            if (password is null)
            {
                return PerfEvalCli.UsageError;
            }

            var account = await accounts.AddAsync(name, r.GetValue(addRole)!, password, actor, ct);
            console.Out.WriteLine($"added {account.Name} ({account.Role})");
            return PerfEvalCli.Ok;
        }, ct));

        var listDb = DatabaseOption.Create();
        var list = new Command("list", "List accounts: name, role, locked until, failed sign-ins.") { listDb };
        list.SetAction((r, ct) => RunAsync(r, listDb, console, async (accounts, _) =>
        {
            foreach (var u in await accounts.ListAsync())
            {
                var locked = u.LockoutEnd is { } end
                    ? "locked until " + end.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                    : "active";
                console.Out.WriteLine($"{u.Name}\t{u.Role}\t{locked}\t{u.FailedSignIns} failed sign-ins");
            }

            return PerfEvalCli.Ok;
        }, ct));

        var roleName = Name();
        var roleRole = Role(required: true);
        var roleDb = DatabaseOption.Create();
        var setRole = new Command("set-role", "Change an account's role (the last admin cannot be demoted).")
        {
            roleName, roleRole, roleDb,
        };
        setRole.SetAction((r, ct) => RunAsync(r, roleDb, console, async (accounts, actor) =>
        {
            var account = await accounts.SetRoleAsync(r.GetValue(roleName)!, r.GetValue(roleRole)!, actor, ct);
            console.Out.WriteLine($"{account.Name}: {account.Role}");
            return PerfEvalCli.Ok;
        }, ct));

        var unlockName = Name();
        var unlockDb = DatabaseOption.Create();
        var unlock = new Command("unlock", "Lift a lockout after repeated failed sign-ins.") { unlockName, unlockDb };
        unlock.SetAction((r, ct) => RunAsync(r, unlockDb, console, async (accounts, actor) =>
        {
            var account = await accounts.UnlockAsync(r.GetValue(unlockName)!, actor, ct);
            console.Out.WriteLine($"{account.Name}: unlocked");
            return PerfEvalCli.Ok;
        }, ct));

        var passwordName = Name();
        var passwordDb = DatabaseOption.Create();
        var setPassword = new Command("set-password", $"Give an account a new password (typed, piped, or from {PasswordInput.Variable}); lifts a lockout.")
        {
            passwordName, passwordDb,
        };
        setPassword.SetAction((r, ct) => RunAsync(r, passwordDb, console, async (accounts, actor) =>
        {
            var name = r.GetValue(passwordName)!;
            var password = PasswordInput.Read(console, name);
            if (password is null)
            {
                return PerfEvalCli.UsageError;
            }

            var account = await accounts.SetPasswordAsync(name, password, actor, ct);
            console.Out.WriteLine($"{account.Name}: new password set");
            return PerfEvalCli.Ok;
        }, ct));

        var removeName = Name();
        var removeDb = DatabaseOption.Create();
        var remove = new Command("remove", "Delete an account (its reviews and audit entries stay).") { removeName, removeDb };
        remove.SetAction((r, ct) => RunAsync(r, removeDb, console, async (accounts, actor) =>
        {
            var name = r.GetValue(removeName)!;
            await accounts.RemoveAsync(name, actor, ct);
            console.Out.WriteLine($"{name.Trim()}: removed");
            return PerfEvalCli.Ok;
        }, ct));

        users.Subcommands.Add(add);
        users.Subcommands.Add(list);
        users.Subcommands.Add(setRole);
        users.Subcommands.Add(unlock);
        users.Subcommands.Add(setPassword);
        users.Subcommands.Add(remove);
        return users;
    }

    private static Argument<string> Name() => new("NAME") { Description = "The account's user name (Chinese names work)." };

    private static Option<string> Role(bool required) => new("--role")
    {
        Description = "admin (管理员), reviewer (审阅员) or readonly (只读).",
        Required = required,
    };

    private static async Task<int> RunAsync(ParseResult parse, Option<string> db, CliConsole console,
        Func<UserAccounts, string, Task<int>> action, CancellationToken ct)
    {
        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        await using var services = AccountServices.Build(store.Factory, TimeProvider.System);
        using var scope = services.CreateScope();
        try
        {
            return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>(), AuditLog.CliActor);
        }
        catch (AccountException ex)
        {
            console.Error.WriteLine("error: " + ex.Message);
            return PerfEvalCli.UsageError;
        }
    }
}
