using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// One form's measures as of the latest analysis run (replaced with the findings each run), so that a unit's position
/// among its peers is a query over one narrow table instead of loading every peer form.
/// </summary>
public sealed class FormMetricsEntity
{
    public long FormId { get; set; }

    public int Year { get; set; }

    public FormKind Kind { get; set; }

    /// <summary><see cref="UnitNames.District"/> of the unit's name; empty when the name names none.</summary>
    public required string District { get; set; }

    /// <summary>B/A of the form's budget (Budget.Of), as a fraction.</summary>
    public double? ExecutionRate { get; set; }

    /// <summary>总分 as filed.</summary>
    public double? TotalScore { get; set; }

    /// <summary>Share of quantitative rows whose actual equals the target exactly (RowAssessment.ExactHit).</summary>
    public double? ExactShare { get; set; }

    /// <summary>Findings of the run on this form.</summary>
    public int Findings { get; set; }
}
