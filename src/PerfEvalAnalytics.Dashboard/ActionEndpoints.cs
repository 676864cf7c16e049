using Microsoft.AspNetCore.Mvc;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>
/// The writing actions over plain HTTP (form posts with an antiforgery token, cookie sign-in): a review and an
/// upload. Each endpoint requires its policy, and the service it calls checks the role again.
/// </summary>
internal static class ActionEndpoints
{
    public static void MapActionEndpoints(this WebApplication app)
    {
        app.MapPost("/api/reviews/{findingId:long}", async (long findingId, [FromForm] ReviewForm form,
            HttpContext http, ReviewService reviews, CancellationToken ct) =>
        {
            if (!Enum.TryParse<ReviewStatus>(form.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                return Results.BadRequest($"status '{form.Status}' is not one of Confirmed, Dismissed, FollowUp, Open");
            }

            var result = await reviews.ReviewAsync(http.User, findingId, status, form.Note, form.ExpectedVersion, ct);
            return result.Outcome switch
            {
                ReviewOutcome.Saved => Results.Ok(new { version = result.Version }),
                ReviewOutcome.NotFound => Results.NotFound($"no current finding with id {findingId}"),
                _ => Results.Conflict(new
                {
                    message = $"finding {findingId} was changed by {result.Latest?.Reviewer} to {result.Latest?.Status} since it was loaded (version {form.ExpectedVersion}, now {result.Version}): reload and review again",
                    version = result.Version,
                }),
            };
        }).RequireAuthorization(Policies.Review);

        app.MapPost("/api/import", async (IFormFileCollection files, HttpContext http, ImportService importer,
            CancellationToken ct) =>
        {
            var uploads = files.Select(f => new UploadedFile(f.FileName, f.Length, _ => f.OpenReadStream())).ToList();
            var report = await importer.ImportAsync(http.User, uploads, null, ct);
            return Results.Ok(new
            {
                files = report.Files.Select(f => new
                {
                    file = Path.GetFileName(f.Path), outcome = f.Outcome?.ToString() ?? "Failed", detail = f.Detail,
                }),
                findings = report.Analysis?.Run.FindingCount,
            });
        }).RequireAuthorization(Policies.Import);
    }

    internal sealed class ReviewForm
    {
        public string? Status { get; set; }

        public string? Note { get; set; }

        public int? ExpectedVersion { get; set; }
    }
}
