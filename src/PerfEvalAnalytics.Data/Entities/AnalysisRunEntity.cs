namespace PerfEvalAnalytics.Data.Entities;

/// <summary>One run of the rule catalog over the stored forms.</summary>
public sealed class AnalysisRunEntity
{
    public long Id { get; set; }

    public DateTime StartedAtUtc { get; set; }

    public DateTime FinishedAtUtc { get; set; }

    /// <summary>Hash of the effective rule settings (which rules, which thresholds).</summary>
    public required string SettingsHash { get; set; }

    public int RuleCount { get; set; }

    public int FormCount { get; set; }

    public int FindingCount { get; set; }
}
