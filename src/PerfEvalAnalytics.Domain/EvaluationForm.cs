namespace PerfEvalAnalytics.Domain;

/// <summary>A parsed 绩效自评表, with every value as filed.</summary>
/// <param name="Kind">Department-wide or project form.</param>
/// <param name="UnitName">单位名称 / 实施单位 as filed (trimmed).</param>
/// <param name="Year">The budget year (年度).</param>
/// <param name="ProjectName">项目名称 for project forms; null for department-wide forms.</param>
/// <param name="AmountUnit">The unit the budget amounts are stated in (元 or 万元); null if not stated.</param>
/// <param name="BudgetLines">The budget block.</param>
/// <param name="Goals">年度总体目标; null if the form has none.</param>
/// <param name="Indicators">Indicator rows in source order.</param>
/// <param name="TotalPoints">总分 row, 分值 column, as filed (not recomputed).</param>
/// <param name="TotalScore">总分 row, 得分 column, as filed (not recomputed).</param>
/// <param name="TotalLine">1-based line of the 总分 row.</param>
/// <param name="Notes">Remarks as filed and inferences the reader made.</param>
/// <param name="Source">Provenance of the file.</param>
public sealed record EvaluationForm(
    FormKind Kind,
    string UnitName,
    int Year,
    string? ProjectName,
    string? AmountUnit,
    IReadOnlyList<BudgetLine> BudgetLines,
    FormGoals? Goals,
    IReadOnlyList<IndicatorRow> Indicators,
    decimal? TotalPoints,
    decimal? TotalScore,
    int TotalLine,
    IReadOnlyList<FormNote> Notes,
    SourceInfo Source) : IFormHeader
{
    /// <inheritdoc />
    string IFormHeader.FileName => Source.FileName;

    /// <summary>自评等级 (优/良/中/差) as filed, when the form states one (project forms); null otherwise.</summary>
    public string? Grade { get; init; }

    /// <summary>
    /// True when the form is known to be partial, e.g. a public copy that stops mid-table: totals and weight sums
    /// cannot be checked on it. <see cref="IncompleteReason"/> says what is missing.
    /// </summary>
    public bool IsIncomplete { get; init; }

    /// <summary>Why the form is incomplete (where it stops, what is missing); null for a complete form.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>
    /// The unit's name exactly as filed when an alias from the configured alias list replaced it in
    /// <see cref="UnitName"/>; null when no alias applied (then <see cref="UnitName"/> is the name as filed).
    /// </summary>
    public string? UnitNameAsFiled { get; init; }
}
