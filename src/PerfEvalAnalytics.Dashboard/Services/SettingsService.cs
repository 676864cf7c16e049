using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>What the settings page shows.</summary>
/// <param name="Document">The settings in effect and where they come from (store version or rules file).</param>
/// <param name="Rules">Every rule with its enabled flag and settings (defaults when <paramref name="Error"/> is set).</param>
/// <param name="SettingsHash">The hash of the settings in effect (null when they do not bind).</param>
/// <param name="LatestRunHash">The settings hash of the latest analysis (null before the first).</param>
/// <param name="Error">Why the settings in effect do not bind, if they do not.</param>
/// <param name="CanEdit">Whether the user may save settings and re-run the analysis (管理员); others see them
/// read-only.</param>
public sealed record SettingsView(
    RuleSettingsDocument Document, IReadOnlyList<RuleSettingsView> Rules, string? SettingsHash, string? LatestRunHash,
    string? Error, bool CanEdit);

/// <summary>
/// The 规则设置 page's operations: the settings in effect, for every signed-in user (the thresholds behind a finding
/// are part of its evidence); for 管理员 only (checked here, on the server, whatever the page showed) a save (bound
/// strictly through the catalog, refused if someone saved since the page loaded, audited with the changed keys), a
/// restore of the rules file's settings (the same checks, audited as a restore), and a new analysis with the saved
/// settings.
/// </summary>
public sealed class SettingsService(ActionGuard guard, RuleSettingsStore store, DataJobs jobs,
    IOptions<DashboardOptions> options)
{
    /// <exception cref="AccessDeniedException">The user is not signed in.</exception>
    public async Task<SettingsView> LoadAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity is not { IsAuthenticated: true })
        {
            throw new AccessDeniedException("anonymous may not read the rule settings (sign in first)");
        }

        var canEdit = await guard.AllowsAsync(user, Policies.Admin);
        var document = await store.EffectiveAsync(options.Value.RulesFile, ct);
        var latest = await store.LatestRunHashAsync(ct);
        try
        {
            return new SettingsView(document, RuleCatalog.Describe(document.Json, document.Origin),
                document.Catalog().SettingsHash, latest, null, canEdit);
        }
        catch (RuleSettingsException ex)
        {
            return new SettingsView(document, RuleCatalog.Describe(null, "(defaults)"), null, latest, ex.Message, canEdit);
        }
    }

    /// <summary>Stores <paramref name="changes"/> as the next version if the store is still at
    /// <paramref name="expectedVersion"/> (the version the page loaded).</summary>
    /// <exception cref="AccessDeniedException">The user is not an administrator.</exception>
    public async Task<SettingsSaveResult> SaveAsync(ClaimsPrincipal user, IReadOnlyList<SettingChange> changes,
        int expectedVersion, CancellationToken ct)
    {
        var actor = await guard.RequireAsync(user, Policies.Admin);
        return await store.SaveAsync(changes, expectedVersion, options.Value.RulesFile, actor, ct);
    }

    /// <summary>Replaces the settings in effect with the rules file's (the shipped defaults): every rule, or only rule
    /// <paramref name="code"/>; stored as the next version if the store is still at
    /// <paramref name="expectedVersion"/>, validated and audited (marked as a restore) like a save.</summary>
    /// <exception cref="AccessDeniedException">The user is not an administrator.</exception>
    public async Task<SettingsSaveResult> RestoreAsync(ClaimsPrincipal user, string? code, int expectedVersion,
        CancellationToken ct)
    {
        var actor = await guard.RequireAsync(user, Policies.Admin);
        return await store.RestoreAsync(code, expectedVersion, options.Value.RulesFile, actor, ct);
    }

    /// <summary>What a restore of every rule (or of rule <paramref name="code"/>) would change now, for the
    /// confirmation dialog; nothing is stored.</summary>
    /// <exception cref="AccessDeniedException">The user is not an administrator.</exception>
    public async Task<(IReadOnlyList<SettingDiff> Changes, string? Error)> PreviewRestoreAsync(ClaimsPrincipal user,
        string? code, CancellationToken ct)
    {
        await guard.RequireAsync(user, Policies.Admin);
        return await store.PreviewRestoreAsync(code, options.Value.RulesFile, ct);
    }

    /// <summary>The rules file the restore goes back to (its file name, for the page).</summary>
    public string RulesFileName => Path.GetFileName(options.Value.RulesFile);

    /// <summary>Analyses every stored form with the settings in effect (the dashboard's analysis job).</summary>
    /// <exception cref="AccessDeniedException">The user is not an administrator.</exception>
    public async Task<(AnalysisJobResult? Analysis, string? Error)> AnalyzeAsync(ClaimsPrincipal user,
        CancellationToken ct)
    {
        var actor = await guard.RequireAsync(user, Policies.Admin);
        return await jobs.AnalyzeAsync(actor, ct);
    }

    /// <summary>The refusal of a stale save, naming who saved since (English; the page has its own words).</summary>
    public static string ConflictMessage(SettingsSaveResult result, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"the rule settings were changed by {result.UpdatedBy} at {result.UpdatedAtUtc:yyyy-MM-dd HH:mm:ss} UTC since they were loaded (version {expectedVersion}, now {result.Version}): reload and change again");
    }
}
