using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Entities;

/// <summary>One stored form with its provenance; rows live in their own tables.</summary>
public sealed class FormEntity : IPresetKey
{
    public long Id { get; set; }

    public long UnitId { get; set; }

    public UnitEntity? Unit { get; set; }

    public int Year { get; set; }

    public FormKind Kind { get; set; }

    /// <summary>项目名称; empty (not null) for department-wide forms so it can take part in the unique key.</summary>
    public required string ProjectName { get; set; }

    /// <summary>The unit's name exactly as this file spelled it.</summary>
    public required string UnitNameAsFiled { get; set; }

    public string? AmountUnit { get; set; }

    public string? GoalPlanned { get; set; }

    public string? GoalAchieved { get; set; }

    public int? GoalLine { get; set; }

    public decimal? TotalPoints { get; set; }

    public decimal? TotalScore { get; set; }

    public int TotalLine { get; set; }

    /// <summary>自评等级 as filed (优/良/中/差), when the form states one.</summary>
    public string? Grade { get; set; }

    /// <summary>True for a partial form (e.g. a public copy that stops mid-table).</summary>
    public bool IsIncomplete { get; set; }

    /// <summary>Why the form is incomplete; null for a complete form.</summary>
    public string? IncompleteReason { get; set; }

    /// <summary>The canonical unit name from the alias list when an alias applied; null otherwise.</summary>
    public string? CanonicalUnitName { get; set; }

    public int IndicatorCount { get; set; }

    public required string FileName { get; set; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public required string FileSha256 { get; set; }

    /// <summary>SHA-256 of the parsed form without provenance: the same form in another encoding has the same one.</summary>
    public required string ContentSha256 { get; set; }

    public required string Encoding { get; set; }

    /// <summary>Sheet, table or page range of the file that holds this form; null for single-form text files.</summary>
    public string? SourcePart { get; set; }

    /// <summary>UTC time of ingestion.</summary>
    public DateTime IngestedAtUtc { get; set; }
}
