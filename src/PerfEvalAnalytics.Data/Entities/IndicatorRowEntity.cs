using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Entities;

/// <summary>An indicator row; target and actual are flattened into raw/op/value/unit/kind columns.</summary>
public sealed class IndicatorRowEntity
{
    public long Id { get; set; }

    public long FormId { get; set; }

    public int Ordinal { get; set; }

    public required string Level1 { get; set; }

    public decimal? Level1Weight { get; set; }

    public Level1Basis Level1Basis { get; set; }

    public string? Level2 { get; set; }

    public string? Name { get; set; }

    /// <summary>三级指标 as filed when the reader stripped a prefix such as 指标1: from <see cref="Name"/>.</summary>
    public string? NameAsFiled { get; set; }

    public required string TargetRaw { get; set; }

    public ComparisonOperator TargetOp { get; set; }

    public decimal? TargetValue { get; set; }

    public string? TargetUnit { get; set; }

    public ValueKind TargetKind { get; set; }

    public required string ActualRaw { get; set; }

    public ComparisonOperator ActualOp { get; set; }

    public decimal? ActualValue { get; set; }

    public string? ActualUnit { get; set; }

    public ValueKind ActualKind { get; set; }

    public decimal? Points { get; set; }

    public decimal? Score { get; set; }

    public string? Explanation { get; set; }

    public int Line { get; set; }
}
