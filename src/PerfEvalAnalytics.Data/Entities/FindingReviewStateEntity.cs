namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// A finding key's current review, next to the append-only history in <see cref="FindingReviewEntity"/>. Its
/// <see cref="Version"/> (the number of actions on the key) is an optimistic concurrency token: an action is stored
/// only if the version the reviewer loaded is still the current one, on every provider (a plain
/// <c>UPDATE … WHERE Version = @loaded</c>, or a primary-key conflict for the first action).
/// </summary>
public sealed class FindingReviewStateEntity
{
    public required string FindingKey { get; set; }

    public ReviewStatus Status { get; set; }

    public required string Reviewer { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>How many review actions the key has had; the concurrency token.</summary>
    public int Version { get; set; }
}
