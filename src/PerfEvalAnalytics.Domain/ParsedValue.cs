namespace PerfEvalAnalytics.Domain;

/// <summary>A target (年度指标值) or actual (全年完成值) cell, parsed without losing what was filed.</summary>
/// <param name="Raw">The cell text exactly as filed (trimmed of surrounding white space only).</param>
/// <param name="Op">The comparison operator, normalised (≧ → ≥, ═ → =).</param>
/// <param name="Value">The number, when the cell holds one; for <see cref="ValueKind.RelativeChange"/> it is signed.</param>
/// <param name="Unit">The unit of measure (人, 个, 件/人/年, % …), normalised (％ and 百分比 → %).</param>
/// <param name="Kind">What sort of value this is.</param>
public sealed record ParsedValue(string Raw, ComparisonOperator Op, decimal? Value, string? Unit, ValueKind Kind)
{
    /// <summary>A blank cell.</summary>
    public static ParsedValue Empty { get; } = new(string.Empty, ComparisonOperator.None, null, null, ValueKind.Empty);

    /// <summary>True when the cell holds a number (numeric or percent).</summary>
    public bool IsQuantitative => Kind is ValueKind.Numeric or ValueKind.Percent;
}
