using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data.Accounts;

/// <summary>One account as listed by <c>perfeval users list</c> and the users page.</summary>
public sealed record UserAccount(string Id, string Name, string Role, bool LockedOut, DateTimeOffset? LockoutEnd,
    int FailedSignIns);

/// <summary>Thrown when an account operation is refused: unknown user, bad role, weak password, last admin.</summary>
public sealed class AccountException(string message) : Exception(message);

/// <summary>
/// Managing accounts (Identity users with exactly one of <see cref="AppRoles"/>): add, list, set role, unlock,
/// remove. Every change is written to the audit trail with the actor. Used by the CLI (<c>perfeval users</c>) and
/// the dashboard's users page; one instance per operation scope (it holds Identity's managers).
/// </summary>
public sealed class UserAccounts(
    UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, AuditLog audit)
{
    /// <summary>Creates the three roles if missing.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in AppRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
            }
        }
    }

    public async Task<UserAccount> AddAsync(string name, string role, string? password, string actor,
        CancellationToken ct)
    {
        var clean = CleanName(name);
        var roleName = RoleOrThrow(role);
        await EnsureRolesAsync();
        if (await users.FindByNameAsync(clean) is not null)
        {
            throw new AccountException($"user '{clean}' already exists");
        }

        var user = new IdentityUser(clean);
        Check(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password),
            $"user '{clean}'");
        Check(await users.AddToRoleAsync(user, roleName), $"user '{clean}'");
        await audit.RecordAsync(new AuditRecord(actor, AuditActions.UserAdd, clean, $"added user {clean} as {roleName}",
            null, AuditLog.Json(new { role = roleName })), ct);
        return await DescribeAsync(user);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync()
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync();
        var result = new List<UserAccount>();
        foreach (var u in all)
        {
            result.Add(await DescribeAsync(u));
        }

        return result;
    }

    public async Task<UserAccount?> FindAsync(string name) =>
        await users.FindByNameAsync(CleanName(name)) is { } u ? await DescribeAsync(u) : null;

    public async Task<UserAccount> SetRoleAsync(string name, string role, string actor, CancellationToken ct)
    {
        var user = await FindOrThrowAsync(name);
        var roleName = RoleOrThrow(role);
        await EnsureRolesAsync();
        var before = await RoleOfAsync(user);
        if (before == AppRoles.Admin && roleName != AppRoles.Admin)
        {
            await ThrowIfLastAdminAsync(user);
        }

        if (before is not null && before != roleName)
        {
            Check(await users.RemoveFromRoleAsync(user, before), $"user '{user.UserName}'");
        }

        if (before != roleName)
        {
            Check(await users.AddToRoleAsync(user, roleName), $"user '{user.UserName}'");
        }

        // Signed-in sessions pick the new role up at their next security-stamp check.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(new AuditRecord(actor, AuditActions.UserRole, user.UserName,
            $"role of {user.UserName}: {before ?? "none"} → {roleName}",
            AuditLog.Json(new { role = before }), AuditLog.Json(new { role = roleName })), ct);
        return await DescribeAsync(user);
    }

    public async Task<UserAccount> UnlockAsync(string name, string actor, CancellationToken ct)
    {
        var user = await FindOrThrowAsync(name);
        var before = await DescribeAsync(user);
        Check(await users.SetLockoutEndDateAsync(user, null), $"user '{user.UserName}'");
        Check(await users.ResetAccessFailedCountAsync(user), $"user '{user.UserName}'");
        await audit.RecordAsync(new AuditRecord(actor, AuditActions.UserUnlock, user.UserName,
            $"unlocked {user.UserName}",
            AuditLog.Json(new { lockedOut = before.LockedOut, failedSignIns = before.FailedSignIns }),
            AuditLog.Json(new { lockedOut = false, failedSignIns = 0 })), ct);
        return await DescribeAsync(user);
    }

    /// <summary>Replaces the password (checked against the policy first, so a refused one leaves the old in place),
    /// lifts a lockout and signs the account's open sessions out at their next check.</summary>
    public async Task<UserAccount> SetPasswordAsync(string name, string password, string actor, CancellationToken ct)
    {
        var user = await FindOrThrowAsync(name);
        foreach (var validator in users.PasswordValidators)
        {
            Check(await validator.ValidateAsync(users, user, password), $"user '{user.UserName}'");
        }

        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user), $"user '{user.UserName}'");
        }

        Check(await users.AddPasswordAsync(user, password), $"user '{user.UserName}'");
        Check(await users.SetLockoutEndDateAsync(user, null), $"user '{user.UserName}'");
        Check(await users.ResetAccessFailedCountAsync(user), $"user '{user.UserName}'");
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(new AuditRecord(actor, AuditActions.UserPassword, user.UserName,
            $"new password for {user.UserName}"), ct);
        return await DescribeAsync(user);
    }

    public async Task RemoveAsync(string name, string actor, CancellationToken ct)
    {
        var user = await FindOrThrowAsync(name);
        var role = await RoleOfAsync(user);
        if (role == AppRoles.Admin)
        {
            await ThrowIfLastAdminAsync(user);
        }

        Check(await users.DeleteAsync(user), $"user '{user.UserName}'");
        await audit.RecordAsync(new AuditRecord(actor, AuditActions.UserRemove, user.UserName,
            $"removed user {user.UserName}", AuditLog.Json(new { role }), null), ct);
    }

    /// <summary>The single-user mode's local administrator: created (without a password: it cannot sign in by
    /// form) on first start, or given the Admin role back if it lost it.</summary>
    public async Task<UserAccount> EnsureLocalAdminAsync(string name, CancellationToken ct)
    {
        await EnsureRolesAsync();
        var existing = await users.FindByNameAsync(CleanName(name));
        if (existing is null)
        {
            return await AddAsync(name, AppRoles.Admin, null, AuditLog.SystemActor, ct);
        }

        return await RoleOfAsync(existing) == AppRoles.Admin
            ? await DescribeAsync(existing)
            : await SetRoleAsync(name, AppRoles.Admin, AuditLog.SystemActor, ct);
    }

    private async Task ThrowIfLastAdminAsync(IdentityUser user)
    {
        var admins = await users.GetUsersInRoleAsync(AppRoles.Admin);
        if (admins.All(a => a.Id == user.Id))
        {
            throw new AccountException($"'{user.UserName}' is the last administrator: add another administrator first");
        }
    }

    private async Task<IdentityUser> FindOrThrowAsync(string name) =>
        await users.FindByNameAsync(CleanName(name)) ?? throw new AccountException($"no user '{name.Trim()}'");

    private async Task<string?> RoleOfAsync(IdentityUser user) =>
        (await users.GetRolesAsync(user)).FirstOrDefault(r => AppRoles.All.Contains(r));

    private async Task<UserAccount> DescribeAsync(IdentityUser user)
    {
        var lockedOut = await users.IsLockedOutAsync(user);
        return new UserAccount(user.Id, user.UserName ?? "", await RoleOfAsync(user) ?? "", lockedOut,
            lockedOut ? user.LockoutEnd : null, user.AccessFailedCount);
    }

    /// <summary>The role a CLI word names (admin, reviewer, readonly); an <see cref="AccountException"/> naming the
    /// choices otherwise.</summary>
    public static string RoleOrThrow(string role) =>
        AppRoles.Parse(role) ?? throw new AccountException(
            $"unknown role '{role}' (expected one of: admin, reviewer, readonly)");

    private static string CleanName(string name)
    {
        var clean = name.Trim();
        if (clean.Length is 0 or > 100 || clean.Any(char.IsControl))
        {
            throw new AccountException($"user name '{name}' is not usable (expected 1-100 printable characters)");
        }

        return clean;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new AccountException($"{what}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
