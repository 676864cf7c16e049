using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>A rule of the catalog. Implement one of the three kinds below.</summary>
/// <remarks>
/// A rule class has either a parameterless constructor or one taking its nested <c>Settings</c> record (defaults in
/// the record's signature); <see cref="RuleCatalog"/> finds rules by reflection and binds their settings from
/// data/settings/rules.json.
/// </remarks>
public interface IRule
{
    RuleInfo Info { get; }

    /// <summary>
    /// True when the rule judges the form as a whole (weights, totals, shares of all rows, the score): it is not run
    /// on forms marked incomplete (a public copy that stops mid-table), and the analysis says it skipped them.
    /// </summary>
    bool NeedsCompleteForm => false;
}

/// <summary>A rule that judges one form on its own.</summary>
public interface IFormRule : IRule
{
    IEnumerable<Finding> Evaluate(EvaluationForm form);
}

/// <summary>Which forms a batch rule compares with each other: what the streaming analysis must keep for it.</summary>
public enum BatchScope
{
    /// <summary>
    /// Only forms of the same unit (<see cref="FormRef.UnitKey"/>): its history across years, its series, its pooled
    /// rows. The rule runs on each slice of whole units as the forms stream past, and keeps nothing.
    /// </summary>
    Unit,

    /// <summary>
    /// Forms of different units (peers of a year and kind, distributions, copies across units). The rule keeps its
    /// <see cref="ISummarizingRule.Summarize"/> of every form and runs once, after the last slice.
    /// </summary>
    All,
}

/// <summary>A rule that needs forms of more than one slice: it keeps a summary of each form for the run.</summary>
public interface ISummarizingRule : IRule
{
    /// <summary>
    /// What the rule reads of a form, kept for the whole run in place of the form: a copy without the parts the rule
    /// never reads (e.g. <see cref="FormSummary.Header"/>), so that memory grows with the summary, not the form.
    /// The rule must find on the summaries exactly what it finds on the full forms. Default: the whole form.
    /// </summary>
    EvaluationForm Summarize(EvaluationForm form) => form;
}

/// <summary>A rule that judges forms against each other: the same unit across years, or peers in a batch.</summary>
public interface IBatchRule : ISummarizingRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms);

    /// <summary>
    /// <see cref="BatchScope.Unit"/> when the rule only ever compares forms of one unit, so it can run per slice of
    /// whole units; <see cref="BatchScope.All"/> (the default) when it compares across units.
    /// </summary>
    BatchScope Scope => BatchScope.All;
}

/// <summary>A rule that runs last and may use what every other rule found (e.g. the ML outlier score).</summary>
public interface IFindingsRule : ISummarizingRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings);
}
