using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>The measures the units page compares, for one form, from the Analysis metrics (Budget, RowAssessment).</summary>
public static class FormMeasures
{
    public static FormMetricsEntity Of(StoredForm stored, int findings)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var form = stored.Form;
        var rows = form.Indicators.Select(RowAssessment.Of).Where(a => a.IsQuantitative).ToList();
        return new FormMetricsEntity
        {
            FormId = stored.Id,
            Year = form.Year,
            Kind = form.Kind,
            District = UnitNames.District(form.UnitName) ?? string.Empty,
            ExecutionRate = Budget.Of(form)?.ExecutionRate,
            TotalScore = form.TotalScore is { } t ? (double)t : null,
            ExactShare = rows.Count == 0 ? null : (double)rows.Count(a => a.ExactHit) / rows.Count,
            Findings = findings,
        };
    }
}
