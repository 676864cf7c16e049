using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>The authorization policies, by action; each names the roles allowed.</summary>
public static class Policies
{
    /// <summary>Change a finding's review state: 管理员, 审阅员.</summary>
    public const string Review = "Review";

    /// <summary>Upload and ingest files: 管理员, 审阅员.</summary>
    public const string Import = "Import";

    /// <summary>Manage users and read the audit trail: 管理员.</summary>
    public const string Admin = "Admin";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Review, p => p.RequireAuthenticatedUser().RequireRole(AppRoles.Admin, AppRoles.Reviewer));
        options.AddPolicy(Import, p => p.RequireAuthenticatedUser().RequireRole(AppRoles.Admin, AppRoles.Reviewer));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(AppRoles.Admin));
        // Every page and endpoint needs a signed-in user unless it says [AllowAnonymous].
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

/// <summary>Thrown by a service when the user's role does not allow the action (the server-side check).</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The server-side role check the services run before every protected action, whatever the UI showed.</summary>
public sealed class ActionGuard(IAuthorizationService authorization)
{
    /// <summary>Throws <see cref="AccessDeniedException"/> unless <paramref name="user"/> satisfies
    /// <paramref name="policy"/>; returns the user's name (the actor recorded in the audit trail).</summary>
    public async Task<string> RequireAsync(ClaimsPrincipal user, string policy)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } n } ? n : null;
        if (name is null || !(await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            throw new AccessDeniedException(
                $"{name ?? "anonymous"} may not do this (needs the {policy} permission)");
        }

        return name;
    }

    /// <summary>Whether <paramref name="user"/> satisfies <paramref name="policy"/> (what a page may offer; the
    /// action itself still calls <see cref="RequireAsync"/>).</summary>
    public async Task<bool> AllowsAsync(ClaimsPrincipal user, string policy)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity is { IsAuthenticated: true } && (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
