namespace PerfEvalAnalytics.Data.Entities;

/// <summary>A budget unit (单位); one row however many years and spellings it was filed under.</summary>
public sealed class UnitEntity : IPresetKey
{
    public long Id { get; set; }

    /// <summary>The name as first filed.</summary>
    public required string Name { get; set; }

    /// <summary><see cref="Domain.UnitNames.Normalize"/> of the name: the identity key.</summary>
    public required string NormalizedName { get; set; }
}
