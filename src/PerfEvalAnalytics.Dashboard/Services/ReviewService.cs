using System.Security.Claims;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>
/// The review action as the panel and the HTTP endpoint call it: the role is checked here, on the server (a 只读
/// user's hand-made request is refused even if the UI was bypassed); the reviewer recorded is the signed-in user.
/// </summary>
public sealed class ReviewService(ActionGuard guard, ReviewStore store)
{
    /// <summary>Stores the action if <paramref name="expectedVersion"/> is still the finding's review version.</summary>
    /// <exception cref="AccessDeniedException">The user may not review.</exception>
    public async Task<ReviewResult> ReviewAsync(ClaimsPrincipal user, long findingId, ReviewStatus status,
        string? note, int? expectedVersion, CancellationToken ct)
    {
        var actor = await guard.RequireAsync(user, Policies.Review);
        return await store.ReviewAsync(findingId, status, note, actor, expectedVersion, ct);
    }
}
