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

/// <summary>A rule that judges forms against each other: the same unit across years, or peers in a batch.</summary>
public interface IBatchRule : IRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms);
}

/// <summary>A rule that runs last and may use what every other rule found (e.g. the ML outlier score).</summary>
public interface IFindingsRule : IRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings);
}
