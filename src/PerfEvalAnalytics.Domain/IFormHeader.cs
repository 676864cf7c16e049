namespace PerfEvalAnalytics.Domain;

/// <summary>
/// What identifies a form and its filed total: what a rule that compares forms of a whole run keeps of each form, and
/// what a finding about a form names. <see cref="EvaluationForm"/> is one; a run's compact copy is another.
/// </summary>
public interface IFormHeader
{
    /// <summary>Department-wide or project form.</summary>
    FormKind Kind { get; }

    /// <summary>单位名称 as filed (after the alias list).</summary>
    string UnitName { get; }

    /// <summary>The budget year.</summary>
    int Year { get; }

    /// <summary>项目名称, or null for a department-wide form.</summary>
    string? ProjectName { get; }

    /// <summary>总分 row, 得分 column, as filed.</summary>
    decimal? TotalScore { get; }

    /// <summary>1-based line of the 总分 row.</summary>
    int TotalLine { get; }

    /// <summary>The source file's name.</summary>
    string FileName { get; }
}
