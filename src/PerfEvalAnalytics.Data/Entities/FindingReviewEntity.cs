namespace PerfEvalAnalytics.Data.Entities;

/// <summary>What a reviewer decided about a finding.</summary>
public enum ReviewStatus
{
    /// <summary>Not reviewed yet (also: reopened).</summary>
    Open,

    /// <summary>确认: the finding holds.</summary>
    Confirmed,

    /// <summary>排除: a false alarm or justified.</summary>
    Dismissed,

    /// <summary>待跟进: needs follow-up with the unit.</summary>
    FollowUp,
}

/// <summary>
/// One review action on a finding, keyed by the finding's stable key so it survives re-analysis. The latest action
/// per key is the finding's current review state; earlier ones are its history.
/// </summary>
public sealed class FindingReviewEntity
{
    public long Id { get; set; }

    public required string FindingKey { get; set; }

    public ReviewStatus Status { get; set; }

    public string? Note { get; set; }

    public required string Reviewer { get; set; }

    public DateTime AtUtc { get; set; }
}
