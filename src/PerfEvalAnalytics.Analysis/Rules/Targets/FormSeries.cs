using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>One filer's forms across years: the same unit (<see cref="FormRef.UnitKey"/>), kind and project.</summary>
/// <param name="ByYear">One form per year.</param>
internal sealed record FormSeries(IReadOnlyDictionary<int, EvaluationForm> ByYear)
{
    /// <summary>The forms in year order.</summary>
    public IEnumerable<EvaluationForm> Forms => ByYear.OrderBy(kv => kv.Key).Select(kv => kv.Value);

    /// <summary>The form of <paramref name="year"/>, or null when the filer has none that year.</summary>
    public EvaluationForm? In(int year) => ByYear.GetValueOrDefault(year);

    /// <summary>
    /// Groups a batch by filer. When a filer has two forms for one year (the same form loaded twice under different
    /// file names), the first by file name stands for the year, so the result does not depend on load order.
    /// </summary>
    public static IReadOnlyList<FormSeries> Of(IReadOnlyList<EvaluationForm> forms) =>
        forms.GroupBy(f => (Unit: UnitNames.Normalize(f.UnitName), f.Kind,
                Project: Indicators.NormalizeText(f.ProjectName)))
            .OrderBy(g => g.Key.Unit, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Kind)
            .ThenBy(g => g.Key.Project, StringComparer.Ordinal)
            .Select(g => new FormSeries(g.GroupBy(f => f.Year).ToDictionary(
                y => y.Key, y => y.OrderBy(f => f.Source.FileName, StringComparer.Ordinal).First())))
            .ToList();

    /// <summary>
    /// The rows of a form by cross-year key (<see cref="Indicators.Key"/>). A key filed twice with the same values
    /// (the reference form repeats 机动执法队人员到岗数) keeps its first row; a key filed twice with different values
    /// is dropped, because it cannot be matched to last year's row without guessing.
    /// </summary>
    public static IReadOnlyDictionary<string, IndicatorRow> RowsByKey(EvaluationForm form)
    {
        var result = new Dictionary<string, IndicatorRow>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in form.Indicators)
        {
            var key = Indicators.Key(row);
            if (result.TryGetValue(key, out var first))
            {
                if (first.Target.Raw != row.Target.Raw || first.Actual.Raw != row.Actual.Raw)
                {
                    ambiguous.Add(key);
                }

                continue;
            }

            result[key] = row;
        }

        foreach (var key in ambiguous)
        {
            result.Remove(key);
        }

        return result;
    }

    /// <summary>True when the two targets are the same: operator, kind, number and unit.</summary>
    public static bool SameTarget(ParsedValue a, ParsedValue b) =>
        a.IsQuantitative && b.IsQuantitative && a.Op == b.Op && a.Kind == b.Kind && a.Value == b.Value
        && a.Unit == b.Unit;
}
