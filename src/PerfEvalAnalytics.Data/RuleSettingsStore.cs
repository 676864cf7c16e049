using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Data;

/// <summary>The rule settings in effect: the store's document once saved, else the rules file's.</summary>
/// <param name="Json">The settings JSON (null: the rules file does not exist, built-in defaults).</param>
/// <param name="Origin">Where they come from, for messages: the file path, or <c>database (version N)</c>.</param>
/// <param name="Version">The store's version (0: nothing saved yet, the rules file is in effect).</param>
/// <param name="UpdatedBy">Who saved the current version (null for the rules file).</param>
/// <param name="UpdatedAtUtc">When (null for the rules file).</param>
public sealed record RuleSettingsDocument(
    string? Json, string Origin, int Version, string? UpdatedBy, DateTime? UpdatedAtUtc)
{
    /// <summary>True when the document comes from the store rather than the rules file.</summary>
    public bool FromStore => Version > 0;

    /// <summary>The catalog these settings give (a <see cref="RuleSettingsException"/> names the origin and key).</summary>
    public RuleCatalog Catalog() => RuleCatalog.Create(Json, Origin);
}

/// <summary>One requested change: rule code, key (<c>Enabled</c> or a member of the rule's <c>Settings</c>) and the
/// value as typed (see <see cref="RuleSettingText"/>).</summary>
public sealed record SettingChange(string Code, string Key, string Text);

/// <summary>One key whose effective value a save changed.</summary>
public sealed record SettingDiff(string Code, string Key, JsonNode? Before, JsonNode? After);

/// <summary>How a settings save ended.</summary>
public enum SettingsSaveOutcome
{
    /// <summary>Stored, with its audit entry.</summary>
    Saved,

    /// <summary>Every value was already in effect: nothing stored.</summary>
    Unchanged,

    /// <summary>A value is not valid for its rule: nothing stored; the message names the rule and key.</summary>
    Invalid,

    /// <summary>Someone saved the settings since the editor loaded them: nothing stored.</summary>
    Conflict,
}

/// <summary>The outcome; the store's version and who saved it now; the changed keys or the error.</summary>
public sealed record SettingsSaveResult(
    SettingsSaveOutcome Outcome, int Version, string? UpdatedBy, DateTime? UpdatedAtUtc, string? Error,
    IReadOnlyList<SettingDiff> Changes, string? SettingsHash);

/// <summary>
/// Rule settings kept in the database (<c>rule_settings</c>, one current document), so that every dashboard server
/// and CLI on one store analyses with the same settings. Until the first save the rules file is in effect (the seed).
/// A save binds the whole document through <see cref="RuleCatalog"/> (strict: unknown rule or key, a wrong type or a
/// value a rule refuses is an error naming the rule and key), is stored only if the version the editor loaded is
/// still current (optimistic concurrency, as review actions), and writes an audit entry with the changed keys before
/// and after, in one transaction.
/// </summary>
public sealed class RuleSettingsStore(IDbContextFactory<PerfEvalDbContext> factory, TimeProvider clock)
{
    /// <summary>Origin named in the errors of a save.</summary>
    public const string EditOrigin = "settings";

    /// <summary>The settings in effect: the store's document, else <paramref name="rulesFile"/> (missing: defaults).</summary>
    public async Task<RuleSettingsDocument> EffectiveAsync(string rulesFile, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.RuleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == RuleSettingsEntity.CurrentId, ct);
        return stored is not null ? FromEntity(stored) : FromFile(rulesFile);
    }

    /// <summary>The store's document, or null when nothing has been saved.</summary>
    public async Task<RuleSettingsDocument?> StoredAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.RuleSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == RuleSettingsEntity.CurrentId, ct);
        return stored is null ? null : FromEntity(stored);
    }

    /// <summary>The settings hash of the latest analysis run, or null before the first.</summary>
    public async Task<string?> LatestRunHashAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AnalysisRuns.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.SettingsHash)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The rules file as a document (version 0).</summary>
    public static RuleSettingsDocument FromFile(string rulesFile) =>
        new(File.Exists(rulesFile) ? File.ReadAllText(rulesFile) : null, rulesFile, 0, null, null);

    /// <summary>
    /// Applies <paramref name="changes"/> to the settings in effect and stores the result as the next version if the
    /// store's version is still <paramref name="expectedVersion"/>; audited under <paramref name="actor"/>.
    /// </summary>
    public Task<SettingsSaveResult> SaveAsync(IReadOnlyList<SettingChange> changes, int expectedVersion,
        string rulesFile, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return CommitAsync(expectedVersion, rulesFile, actor, restoreOf: null,
            (beforeJson, origin) => Apply(beforeJson, RuleCatalog.Describe(beforeJson, origin), changes), ct);
    }

    /// <summary>
    /// Replaces the settings in effect with those of the rules file <paramref name="rulesFile"/> (the shipped
    /// defaults): the whole document, or only rule <paramref name="code"/>'s section when given. Stored as the next
    /// version like a save (same version check, the rules file bound strictly through the catalog, an audit entry with
    /// the changed keys marked as a restore); <see cref="SettingsSaveOutcome.Unchanged"/> when nothing differs.
    /// </summary>
    /// <remarks>The restore is a new version, not a deletion of the stored row: going back to version 0 would let an
    /// editor who loaded the rules file before the first save overwrite everything saved since without a conflict.
    /// </remarks>
    public Task<SettingsSaveResult> RestoreAsync(string? code, int expectedVersion, string rulesFile, string actor,
        CancellationToken ct) =>
        CommitAsync(expectedVersion, rulesFile, actor, new RestoreOf(rulesFile, code),
            (beforeJson, _) => Restored(beforeJson, rulesFile, code), ct);

    /// <summary>
    /// What <see cref="RestoreAsync"/> would change now, without storing anything: the changed keys (empty when the
    /// settings in effect already match the rules file), or the error naming the rule and key.
    /// </summary>
    public async Task<(IReadOnlyList<SettingDiff> Changes, string? Error)> PreviewRestoreAsync(string? code,
        string rulesFile, CancellationToken ct)
    {
        var current = await EffectiveAsync(rulesFile, ct);
        try
        {
            return (Plan(current, (beforeJson, _) => Restored(beforeJson, rulesFile, code)).Diff, null);
        }
        catch (RuleSettingsException ex)
        {
            return ([], ex.Message);
        }
    }

    private async Task<SettingsSaveResult> CommitAsync(int expectedVersion, string rulesFile, string actor,
        RestoreOf? restoreOf, Func<string, string, string> edit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.RuleSettings.FirstOrDefaultAsync(s => s.Id == RuleSettingsEntity.CurrentId, ct);
        var current = stored is not null ? FromEntity(stored) : FromFile(rulesFile);
        if (current.Version != expectedVersion)
        {
            return new SettingsSaveResult(SettingsSaveOutcome.Conflict, current.Version, current.UpdatedBy,
                current.UpdatedAtUtc, null, [], null);
        }

        EditPlan plan;
        try
        {
            plan = Plan(current, edit);
        }
        catch (RuleSettingsException ex)
        {
            return new SettingsSaveResult(SettingsSaveOutcome.Invalid, current.Version, current.UpdatedBy,
                current.UpdatedAtUtc, ex.Message, [], null);
        }

        var diff = plan.Diff;
        if (diff.Count == 0)
        {
            return new SettingsSaveResult(SettingsSaveOutcome.Unchanged, current.Version, current.UpdatedBy,
                current.UpdatedAtUtc, null, [], plan.After.SettingsHash);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var who = actor.Trim();
        var version = current.Version + 1;
        if (stored is null)
        {
            // A concurrent first save inserts the same id: the primary key refuses one of them.
            db.RuleSettings.Add(new RuleSettingsEntity
            {
                Id = RuleSettingsEntity.CurrentId, Json = plan.AfterJson, Version = version,
                SettingsHash = plan.After.SettingsHash, UpdatedBy = who, UpdatedAtUtc = now,
            });
        }
        else
        {
            // Saved as UPDATE … WHERE Version = <loaded>: zero rows if another save got in between.
            stored.Json = plan.AfterJson;
            stored.Version = version;
            stored.SettingsHash = plan.After.SettingsHash;
            stored.UpdatedBy = who;
            stored.UpdatedAtUtc = now;
        }

        db.AuditEntries.Add(AuditLog.Entry(
            AuditRecord(who, current, version, plan.Before, plan.After, diff, restoreOf), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || stored is null)
        {
            var fresh = await StoredAsync(ct);
            if (fresh is null || fresh.Version == current.Version)
            {
                throw; // not a lost race: a real error
            }

            return new SettingsSaveResult(SettingsSaveOutcome.Conflict, fresh.Version, fresh.UpdatedBy,
                fresh.UpdatedAtUtc, null, [], null);
        }

        return new SettingsSaveResult(SettingsSaveOutcome.Saved, version, who, now, null, diff,
            plan.After.SettingsHash);
    }

    /// <summary>The settings in effect before and after <paramref name="edit"/> (given the effective JSON and its
    /// origin, it returns the edited JSON), both bound strictly, and the keys whose value changes.</summary>
    private static EditPlan Plan(RuleSettingsDocument current, Func<string, string, string> edit)
    {
        var beforeJson = RuleCatalog.EffectiveSettingsJson(current.Json, current.Origin);
        var beforeCatalog = RuleCatalog.Create(beforeJson, current.Origin);
        var edited = edit(beforeJson, current.Origin);
        var afterCatalog = RuleCatalog.Create(edited, EditOrigin);
        var afterJson = RuleCatalog.EffectiveSettingsJson(edited, EditOrigin);
        return new EditPlan(beforeCatalog, afterCatalog, afterJson, Diff(beforeJson, afterJson));
    }

    private sealed record EditPlan(RuleCatalog Before, RuleCatalog After, string AfterJson, List<SettingDiff> Diff);

    /// <summary>A restore from the rules file, whole (<paramref name="Code"/> null) or of one rule.</summary>
    private sealed record RestoreOf(string RulesFile, string? Code);

    /// <summary>The effective settings with the rules file's values: all of them, or rule <paramref name="code"/>'s
    /// section only (every key of it, <c>Enabled</c> included). The rules file is bound strictly: an error names it.
    /// </summary>
    private static string Restored(string effectiveJson, string rulesFile, string? code)
    {
        var file = FromFile(rulesFile);
        var fileJson = RuleCatalog.EffectiveSettingsJson(file.Json, file.Origin);
        if (code is null)
        {
            return fileJson;
        }

        var root = JsonNode.Parse(effectiveJson)!.AsObject();
        var rules = root[nameof(RuleCatalog.Rules)]!.AsObject();
        var fileSection = JsonNode.Parse(fileJson)![nameof(RuleCatalog.Rules)]![code]
            ?? throw new RuleSettingsException(
                $"{EditOrigin}: Rules.{code}: unknown rule code (expected one of: {string.Join(", ", rules.Select(r => r.Key))})");
        rules[code] = fileSection.DeepClone();
        return root.ToJsonString();
    }

    private static RuleSettingsDocument FromEntity(RuleSettingsEntity e) =>
        new(e.Json, $"database rule_settings (version {e.Version})", e.Version, e.UpdatedBy, e.UpdatedAtUtc);

    private static string Apply(string effectiveJson, IReadOnlyList<RuleSettingsView> views,
        IReadOnlyList<SettingChange> changes)
    {
        var root = JsonNode.Parse(effectiveJson)!.AsObject();
        var rules = root[nameof(RuleCatalog.Rules)]!.AsObject();
        foreach (var change in changes)
        {
            var view = views.FirstOrDefault(v => v.Info.Code == change.Code)
                ?? throw new RuleSettingsException(
                    $"{EditOrigin}: Rules.{change.Code}: unknown rule code (expected one of: {string.Join(", ", views.Select(v => v.Info.Code))})");
            rules[change.Code]![change.Key] = RuleSettingText.Parse(view, change.Key, change.Text, EditOrigin);
        }

        return root.ToJsonString();
    }

    private static List<SettingDiff> Diff(string beforeJson, string afterJson)
    {
        var before = JsonNode.Parse(beforeJson)![nameof(RuleCatalog.Rules)]!.AsObject();
        var after = JsonNode.Parse(afterJson)![nameof(RuleCatalog.Rules)]!.AsObject();
        var diff = new List<SettingDiff>();
        foreach (var (code, section) in after)
        {
            foreach (var (key, value) in section!.AsObject())
            {
                var old = before[code]?[key];
                if (!JsonNode.DeepEquals(old, value))
                {
                    diff.Add(new SettingDiff(code, key, old?.DeepClone(), value?.DeepClone()));
                }
            }
        }

        return diff;
    }

    private static AuditRecord AuditRecord(string actor, RuleSettingsDocument current, int version,
        RuleCatalog before, RuleCatalog after, IReadOnlyList<SettingDiff> diff, RestoreOf? restoreOf)
    {
        static JsonObject Side(IEnumerable<SettingDiff> d, Func<SettingDiff, JsonNode?> pick) =>
            new(d.Select(c => KeyValuePair.Create($"{c.Code}.{c.Key}", pick(c)?.DeepClone())));

        var from = current.FromStore ? $"version {current.Version}" : $"the rules file {Path.GetFileName(current.Origin)}";
        var list = string.Join(", ", diff.Select(c => $"{c.Code}.{c.Key} {Show(c.Before)} → {Show(c.After)}"));
        var rules = "rules " + string.Join(", ", diff.Select(c => c.Code).Distinct(StringComparer.Ordinal));
        var summary = $"rule settings version {version} (from {from}), settings hash {before.SettingsHash} → {after.SettingsHash}: {list}";
        if (restoreOf is not null)
        {
            // Same action as a save (the audit page's settings filter shows both), marked in target and summary.
            var scope = restoreOf.Code is null ? "all rules" : $"rule {restoreOf.Code}";
            rules = "restore: " + rules;
            summary = $"restored {scope} to the rules file {Path.GetFileName(restoreOf.RulesFile)}: {summary}";
        }

        return new AuditRecord(actor, AuditActions.Settings, rules, summary,
            AuditLog.Json(Side(diff, c => c.Before)), AuditLog.Json(Side(diff, c => c.After)));
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
