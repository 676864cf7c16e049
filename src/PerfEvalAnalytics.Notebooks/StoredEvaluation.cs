using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Charts;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Generator;

namespace PerfEvalAnalytics.Notebooks;

/// <summary>Detection quality and distributions read from a store, as <c>perfeval evaluate</c> and the overview page
/// read them.</summary>
public static class StoredEvaluation
{
    /// <summary>The stored findings of the latest run compared with a generated corpus's labels (per rule and
    /// overall precision, recall and F1; see <see cref="LabelEvaluator"/>).</summary>
    public static async Task<Evaluation> EvaluateAsync(IDbContextFactory<PerfEvalDbContext> factory,
        IReadOnlyList<AnomalyLabel> labels, CancellationToken cancellationToken)
    {
        var findings = new List<FindingRef>();
        await foreach (var f in new FindingsQuery(factory).ListAsync(new FindingFilter(), cancellationToken))
        {
            findings.Add(new FindingRef(f.FileName, f.Unit, f.Year, f.Line, f.Rule));
        }

        return LabelEvaluator.Evaluate(labels, findings);
    }

    /// <summary>Histogram bins from a query as the chart recipes take them.</summary>
    public static IReadOnlyList<HistogramBin> Bins(IEnumerable<ValueBin> bins) =>
        [.. bins.Select(b => new HistogramBin(b.Lower, b.Upper, b.Count))];
}
