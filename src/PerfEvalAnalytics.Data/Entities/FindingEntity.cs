using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// A finding of the latest analysis run. The table holds the current findings only: each run replaces them, so a
/// re-run never duplicates; reviews hang on <see cref="Key"/>, not on the row, and so survive re-runs.
/// </summary>
public sealed class FindingEntity
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long FormId { get; set; }

    /// <summary><see cref="Finding.Key"/>: stable across runs while the same rule finds the same thing.</summary>
    public required string Key { get; set; }

    public required string RuleCode { get; set; }

    public required string RuleTitle { get; set; }

    public required string RuleTitleEn { get; set; }

    public required string Family { get; set; }

    /// <summary>Stored as its number (Low 0, Medium 1, High 2) so the grid can sort by it.</summary>
    public Severity Severity { get; set; }

    // Denormalised from the form so the findings grid filters and sorts without joins.
    public required string UnitName { get; set; }

    public int Year { get; set; }

    public Domain.FormKind Kind { get; set; }

    public required string ProjectName { get; set; }

    public int? Line { get; set; }

    public string? Indicator { get; set; }

    public required string Message { get; set; }

    public required string MessageEn { get; set; }

    /// <summary>ML1's outlier score (evidence "score") for ML1 findings, null for every other rule: the review queue
    /// orders forms by it within ties, which the database cannot do from the JSON text on both providers.</summary>
    public double? OutlierScore { get; set; }

    /// <summary>The numeric evidence as a JSON object (<c>{"A": 100, "B": 98}</c>).</summary>
    public required string EvidenceJson { get; set; }
}
