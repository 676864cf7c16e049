using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>
/// The writing actions over plain HTTP (form posts with an antiforgery token, cookie sign-in): a review, an upload
/// and a change of the rule settings. Each endpoint requires its policy, and the service it calls checks the role
/// again.
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

        app.MapPost("/api/settings", SaveSettingsAsync).RequireAuthorization(Policies.Admin);
        app.MapPost("/api/settings/restore", RestoreSettingsAsync).RequireAuthorization(Policies.Admin);
    }

    /// <summary>
    /// <c>POST /api/settings</c> (管理员): form fields <c>ExpectedVersion</c> (the settings version loaded), one
    /// <c>Rules.CODE.KEY</c> field per changed value (e.g. <c>Rules.T1.Enabled=false</c>,
    /// <c>Rules.S5.ExtraTolerancePp=0.02</c>), optionally <c>Analyze=true</c> to analyse with the saved settings.
    /// 200 with the changed keys, 400 naming the rule and key of an invalid value, 403, or 409 naming who saved since.
    /// </summary>
    private static async Task<IResult> SaveSettingsAsync(IFormCollection form, HttpContext http,
        SettingsService settings, CancellationToken ct)
    {
        if (!int.TryParse(form["ExpectedVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return Results.BadRequest(new { message = "ExpectedVersion is required: the settings version shown when the settings were loaded (0 before the first save)" });
        }

        var changes = new List<SettingChange>();
        foreach (var (name, value) in form)
        {
            if (name is "ExpectedVersion" or "Analyze" or "__RequestVerificationToken")
            {
                continue;
            }

            var parts = name.Split('.');
            if (parts.Length != 3 || parts[0] != "Rules")
            {
                return Results.BadRequest(new { message = $"{name}: unknown field (expected Rules.CODE.KEY, ExpectedVersion or Analyze)" });
            }

            changes.Add(new SettingChange(parts[1], parts[2], value.ToString()));
        }

        var result = await settings.SaveAsync(http.User, changes, expected, ct);
        return await SettingsResultAsync(result, expected, form, http, settings, ct);
    }

    /// <summary>
    /// <c>POST /api/settings/restore</c> (管理员): back to the rules file (data/settings/rules.json). Form fields
    /// <c>ExpectedVersion</c>, optionally <c>Rule=CODE</c> to restore one rule only (default: every rule), optionally
    /// <c>Analyze=true</c>. The same answers as a save: 200 with the changed keys (none when nothing differed), 400
    /// (e.g. an unknown rule, or a rules file that does not bind), 403, or 409 naming who saved since.
    /// </summary>
    private static async Task<IResult> RestoreSettingsAsync(IFormCollection form, HttpContext http,
        SettingsService settings, CancellationToken ct)
    {
        if (!int.TryParse(form["ExpectedVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return Results.BadRequest(new { message = "ExpectedVersion is required: the settings version shown when the settings were loaded (0 before the first save)" });
        }

        if (form.Keys.FirstOrDefault(k => k is not ("ExpectedVersion" or "Rule" or "Analyze" or "__RequestVerificationToken")) is { } unknown)
        {
            return Results.BadRequest(new { message = $"{unknown}: unknown field (expected ExpectedVersion, Rule or Analyze)" });
        }

        var rule = form["Rule"].ToString().Trim();
        var result = await settings.RestoreAsync(http.User, rule.Length == 0 ? null : rule, expected, ct);
        return await SettingsResultAsync(result, expected, form, http, settings, ct);
    }

    private static async Task<IResult> SettingsResultAsync(SettingsSaveResult result, int expected,
        IFormCollection form, HttpContext http, SettingsService settings, CancellationToken ct)
    {
        if (result.Outcome == SettingsSaveOutcome.Invalid)
        {
            return Results.BadRequest(new { message = result.Error, version = result.Version });
        }

        if (result.Outcome == SettingsSaveOutcome.Conflict)
        {
            return Results.Conflict(new { message = SettingsService.ConflictMessage(result, expected), version = result.Version, changedBy = result.UpdatedBy });
        }

        AnalysisJobResult? analysis = null;
        string? analysisError = null;
        if (string.Equals(form["Analyze"], "true", StringComparison.OrdinalIgnoreCase))
        {
            (analysis, analysisError) = await settings.AnalyzeAsync(http.User, ct);
        }

        return Results.Ok(new
        {
            outcome = result.Outcome.ToString(),
            version = result.Version,
            settingsHash = result.SettingsHash,
            changed = result.Changes.Select(c => new { rule = c.Code, key = c.Key, before = c.Before, after = c.After }),
            analysis = analysis is null ? null : new { runId = analysis.Run.RunId, findings = analysis.Run.FindingCount, settingsHash = analysis.Result.SettingsHash },
            analysisError,
        });
    }

    internal sealed class ReviewForm
    {
        public string? Status { get; set; }

        public string? Note { get; set; }

        public int? ExpectedVersion { get; set; }
    }
}
