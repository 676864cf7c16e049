using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Trimmed copies of a form for the summaries of <see cref="ISummarizingRule"/>s: the identity, year, kind, totals and source
/// always stay (findings and <see cref="FormRef"/> are built from them); rows and budget lines only when asked for.
/// Kept rows are the form's own row objects (no copy). Dropped lists become new empty lists, never a shared
/// instance, so two summaries are equal only when their forms were.
/// </summary>
public static class FormSummary
{
    /// <summary>The form without budget lines, goals, indicator rows and notes.</summary>
    public static EvaluationForm Header(EvaluationForm form) => Keep(form, keepBudget: false, static _ => false);

    /// <summary>The form with its budget lines when <paramref name="keepBudget"/>, and the rows that pass
    /// <paramref name="keepRow"/>; goals and notes dropped.</summary>
    public static EvaluationForm Keep(EvaluationForm form, bool keepBudget, Func<IndicatorRow, bool> keepRow)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(keepRow);
        return form with
        {
            BudgetLines = keepBudget ? form.BudgetLines : new List<BudgetLine>(),
            Goals = null,
            Indicators = form.Indicators.Where(keepRow).ToList(),
            Notes = new List<FormNote>(),
        };
    }
}
