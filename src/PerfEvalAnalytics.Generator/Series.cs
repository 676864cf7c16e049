using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Generator;

/// <summary>How a unit's scores move over the years.</summary>
internal enum Trajectory
{
    Improving,
    Stagnating,
    Declining,
}

/// <summary>Unit-wide anomalies that only show across all of a unit's forms (rules L1, L4).</summary>
internal enum UnitMode
{
    None,

    /// <summary>Every met row lands just above its target (completion ratio in [1, 1.02)): L1.</summary>
    Bunching,

    /// <summary>Every integer actual ends in 0 or 5: L4.</summary>
    Heaping,
}

/// <summary>Series-wide anomalies of a department-wide series (rules L3, M2).</summary>
internal enum SeriesMode
{
    None,

    /// <summary>The same total score every year: L3.</summary>
    FlatScore,

    /// <summary>The same satisfaction actual every year: M2.</summary>
    FrozenSatisfaction,
}

/// <summary>An indicator a series reports every year, with the state carried from one year to the next.</summary>
internal sealed class Slot(string level1, IndicatorTemplate template, decimal points, int index)
{
    public string Level1 { get; } = level1;

    public IndicatorTemplate Template { get; } = template;

    public decimal Points { get; } = points;

    /// <summary>Position among the capped rows, so that their misses fall in different years.</summary>
    public int Index { get; } = index;

    public decimal Target { get; set; }

    public decimal? PriorActual { get; set; }

    public decimal? PriorTarget { get; set; }
}

/// <summary>A unit's department-wide form, or one of its projects, over the years.</summary>
internal sealed class Series
{
    public required FormKind Kind { get; init; }

    public required UnitPlan Unit { get; init; }

    public string? Project { get; init; }

    public string? ProjectSlug { get; init; }

    public required List<Slot> Slots { get; init; }

    public required decimal[] ScoreTargets { get; init; }

    public required decimal BaseBudget { get; set; }

    public SeriesMode Mode { get; set; }

    /// <summary>Anomaly planned for each year (index from the first year); null for a clean form.</summary>
    public required string?[] Planned { get; init; }

    public List<GenForm?> Forms { get; } = [];
}

/// <summary>A fictional unit.</summary>
internal sealed class UnitPlan
{
    public required string Name { get; init; }

    public required string Slug { get; init; }

    public required string Supervisor { get; init; }

    public required Trajectory Trajectory { get; init; }

    public UnitMode Mode { get; set; }

    public List<Series> Series { get; } = [];
}
