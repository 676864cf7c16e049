using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// Grouping forms the same way in every batch rule: by unit, by series (the same unit, kind and project across
/// years) and by batch (year and kind), each in a fixed order so the output does not depend on the input order.
/// </summary>
internal static class FormSeries
{
    /// <summary>The same form across years: unit key, kind and normalised project name.</summary>
    public static string SeriesKey(IFormHeader form) =>
        $"{UnitNames.Normalize(form.UnitName)}|{form.Kind}|{Indicators.NormalizeText(form.ProjectName)}";

    /// <summary>Forms grouped by unit key, in ordinal key order.</summary>
    public static IEnumerable<IGrouping<string, T>> ByUnit<T>(IEnumerable<T> forms) where T : IFormHeader =>
        forms.GroupBy(f => UnitNames.Normalize(f.UnitName), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>Forms grouped by series key, in ordinal key order.</summary>
    public static IEnumerable<IGrouping<string, T>> BySeries<T>(IEnumerable<T> forms) where T : IFormHeader =>
        forms.GroupBy(f => SeriesKey(f), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>Forms grouped by (year, kind), in year then kind order.</summary>
    public static IEnumerable<IGrouping<(int Year, FormKind Kind), T>> ByYearAndKind<T>(IEnumerable<T> forms)
        where T : IFormHeader =>
        forms.GroupBy(f => (f.Year, f.Kind)).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Kind);

    /// <summary>
    /// One form per year of a series. A year filed twice (two files for the same form) is left out: which of the
    /// two is right cannot be told here, and comparing against either would be a guess.
    /// </summary>
    public static SortedDictionary<int, T> OnePerYear<T>(IEnumerable<T> series) where T : IFormHeader
    {
        var result = new SortedDictionary<int, T>();
        foreach (var year in series.GroupBy(f => f.Year).Where(g => g.Count() == 1))
        {
            result[year.Key] = year.Single();
        }

        return result;
    }

    /// <summary>The form a unit-level finding is attached to: the latest year, then a fixed order.</summary>
    public static T Latest<T>(IEnumerable<T> forms) where T : IFormHeader => InStableOrder(forms
        .OrderByDescending(f => f.Year)).First();

    /// <summary>The form with the highest 总分, ties broken in a fixed order.</summary>
    public static T HighestScore<T>(IEnumerable<T> forms) where T : IFormHeader => InStableOrder(forms
        .OrderByDescending(f => f.TotalScore ?? decimal.MinValue)).First();

    /// <summary>Forms by year, then in the fixed order (kind, unit, project, file).</summary>
    public static IEnumerable<T> Ordered<T>(IEnumerable<T> forms) where T : IFormHeader =>
        InStableOrder(forms.OrderBy(f => f.Year));

    /// <summary>Execution rate B/A of the form's overall budget (see <see cref="Budget.Of"/>), null when unknown.</summary>
    public static double? ExecutionRate(EvaluationForm form) => Budget.Of(form)?.ExecutionRate;

    private static IOrderedEnumerable<T> InStableOrder<T>(IOrderedEnumerable<T> forms) where T : IFormHeader => forms
        .ThenBy(f => f.Kind)
        .ThenBy(f => UnitNames.Normalize(f.UnitName), StringComparer.Ordinal)
        .ThenBy(f => f.ProjectName ?? string.Empty, StringComparer.Ordinal)
        .ThenBy(f => f.FileName, StringComparer.Ordinal);
}
