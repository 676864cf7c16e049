using System.Runtime.CompilerServices;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Trimmed copies of a form for the summaries of <see cref="ISummarizingRule"/>s: the identity, year, kind, totals and source
/// always stay (findings and <see cref="FormRef"/> are built from them); rows and budget lines only when asked for.
/// Kept rows are the form's own row objects (no copy). A run keeps one summary per form, so a summary keeps nothing
/// the rules do not read: dropped lists are one shared empty array, and the source keeps its file name and part but
/// not the file's hash and encoding (two forms of one run always differ in unit, year, kind or project, so two
/// summaries are still equal only when their forms were).
/// </summary>
public static class FormSummary
{
    /// <summary>Headers made while their form lives: every rule's summary of a form shares one header.</summary>
    private static readonly ConditionalWeakTable<EvaluationForm, EvaluationForm> Headers = new();

    /// <summary>
    /// The form without budget lines, goals, indicator rows and notes: one instance per form (while the form lives),
    /// shared by the summaries of every rule.
    /// </summary>
    public static EvaluationForm Header(EvaluationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return Headers.GetValue(form, static f => Keep(f, keepBudget: false, static _ => false));
    }

    /// <summary>The form with its budget lines when <paramref name="keepBudget"/>, and the rows that pass
    /// <paramref name="keepRow"/>; goals and notes dropped.</summary>
    public static EvaluationForm Keep(EvaluationForm form, bool keepBudget, Func<IndicatorRow, bool> keepRow)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(keepRow);
        var rows = form.Indicators.Where(keepRow).ToArray();
        return form with
        {
            BudgetLines = keepBudget ? form.BudgetLines : [],
            Goals = null,
            Indicators = rows.Length == 0 ? [] : rows,
            Notes = [],
            Source = form.Source with { Sha256 = string.Empty, Encoding = string.Empty },
        };
    }
}
