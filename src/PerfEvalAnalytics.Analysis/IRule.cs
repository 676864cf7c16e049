using PerfEvalAnalytics.Analysis.Metrics;
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
    /// Forms of different units (peers of a year and kind, distributions, copies across units). The rule runs once,
    /// after the last slice, over what it kept of every form (<see cref="ISummarizingRule"/>; the whole form when
    /// the rule does not implement it).
    /// </summary>
    All,
}

/// <summary>
/// A rule that compares forms of different units (<see cref="BatchScope.All"/>): for a sliced analysis it keeps a
/// compact summary of each form (a few numbers, a set of keys, the header and the rows it reads) instead of the form.
/// </summary>
public interface ISummarizingRule : IRule
{
    /// <summary>
    /// Starts one run: the collector is handed every form (the complete ones when <see cref="IRule.NeedsCompleteForm"/>),
    /// keeps its summary, and at the end evaluates the rule over the summaries, finding exactly what the rule finds on
    /// the full forms.
    /// </summary>
    RunSummaries StartRun();
}

/// <summary>What a <see cref="ISummarizingRule"/> keeps of the forms of one run, and its evaluation over them.</summary>
public abstract class RunSummaries
{
    /// <summary>Summaries a collector that writes them to temporary files holds in memory by default.</summary>
    internal const int SummariesInMemory = 20_000;

    /// <summary>Summaries kept so far: one per form handed over, or fewer for a rule that keeps only the forms that
    /// can lead to a finding (e.g. L2 and L3 only forms with a 总分).</summary>
    public abstract int Count { get; }

    /// <summary>
    /// True when the evaluation needs much more memory than the summaries themselves (e.g. it reads back rows it
    /// spilled). Such collectors are evaluated after the others, whose summaries are released by then; findings do
    /// not depend on the order (the analysis sorts them, and each rule's own findings keep their order).
    /// </summary>
    public virtual bool EvaluatesLarge => false;

    /// <summary>Keeps the summaries of the forms of one slice (whole units: every form of each of its units).</summary>
    public abstract void Add(IReadOnlyList<EvaluationForm> slice);

    /// <summary>Evaluates the rule over the summaries (once; they are released), with the findings of every rule
    /// that ran before (only findings rules read them; read them once, as they may come from disk).</summary>
    public abstract IEnumerable<Finding> Evaluate(IEnumerable<Finding> findingsSoFar);

    /// <summary>A collector that keeps <paramref name="summarize"/> of each form and evaluates with
    /// <paramref name="evaluate"/>.</summary>
    public static RunSummaries Of<TSummary>(Func<EvaluationForm, TSummary> summarize,
        Func<IReadOnlyList<TSummary>, IEnumerable<Finding>, IEnumerable<Finding>> evaluate) =>
        new Typed<TSummary>(summarize, evaluate);

    /// <summary>A collector that keeps <paramref name="summarize"/> of each slice of whole units (for a rule that
    /// compares forms of one unit while they are at hand, e.g. across years) and evaluates with
    /// <paramref name="evaluate"/>.</summary>
    public static RunSummaries OfSlices<TSummary>(Func<IReadOnlyList<EvaluationForm>, IEnumerable<TSummary>> summarize,
        Func<IReadOnlyList<TSummary>, IEnumerable<Finding>, IEnumerable<Finding>> evaluate) =>
        new Typed<TSummary>(summarize, evaluate);

    private sealed class Typed<TSummary>(Func<IReadOnlyList<EvaluationForm>, IEnumerable<TSummary>> summarize,
        Func<IReadOnlyList<TSummary>, IEnumerable<Finding>, IEnumerable<Finding>> evaluate) : RunSummaries
    {
        private ChunkedList<TSummary> _kept = new();

        public Typed(Func<EvaluationForm, TSummary> summarize,
            Func<IReadOnlyList<TSummary>, IEnumerable<Finding>, IEnumerable<Finding>> evaluate)
            : this(slice => slice.Select(summarize), evaluate)
        {
        }

        public override int Count => _kept.Count;

        public override void Add(IReadOnlyList<EvaluationForm> slice) => _kept.AddRange(summarize(slice));

        public override IEnumerable<Finding> Evaluate(IEnumerable<Finding> findingsSoFar)
        {
            var kept = _kept;
            _kept = new();
            return evaluate(kept, findingsSoFar);
        }
    }
}

/// <summary>A rule that judges forms against each other: the same unit across years, or peers in a batch.</summary>
public interface IBatchRule : IRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms);

    /// <summary>
    /// <see cref="BatchScope.Unit"/> when the rule only ever compares forms of one unit, so it can run per slice of
    /// whole units; <see cref="BatchScope.All"/> (the default) when it compares across units.
    /// </summary>
    BatchScope Scope => BatchScope.All;
}

/// <summary>A rule that runs last and may use what every other rule found (e.g. the ML outlier score).</summary>
public interface IFindingsRule : IRule
{
    IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings);
}
