using System.Security.Claims;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>The users page's operations: the administrator check on the server, then <see cref="UserAccounts"/> in
/// a scope of its own (a Blazor circuit lives long; Identity's context must not).</summary>
public sealed class UserAdminService(ActionGuard guard, IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<T>(ClaimsPrincipal user, Func<UserAccounts, string, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var actor = await guard.RequireAsync(user, Policies.Admin);
        using var scope = scopes.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>(), actor);
    }
}
