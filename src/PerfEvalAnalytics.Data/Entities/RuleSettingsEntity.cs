namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// The rule settings in effect for every dashboard and CLI analysis on this store, once an administrator has saved
/// them (until then the rules file, data/settings/rules.json, is in effect). One row (<see cref="CurrentId"/>):
/// the whole settings document in the shape <c>perfeval init-settings</c> writes, with a <see cref="Version"/> that
/// is an optimistic concurrency token (a save is stored only if the version the editor loaded is still current).
/// Earlier versions are in the audit trail (before/after of each changed key).
/// </summary>
public sealed class RuleSettingsEntity
{
    /// <summary>The id of the one current document.</summary>
    public const int CurrentId = 1;

    public int Id { get; set; }

    /// <summary>The settings document (JSON, every rule and every setting).</summary>
    public required string Json { get; set; }

    /// <summary>How many times the settings were saved; the concurrency token.</summary>
    public int Version { get; set; }

    /// <summary>Hash of the effective settings, as stored with each analysis run.</summary>
    public required string SettingsHash { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
