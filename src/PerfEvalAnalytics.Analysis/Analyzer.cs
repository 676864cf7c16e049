using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>What one analysis produced. Dispose it when done: the findings of a large sliced run are read from a
/// temporary file that disposing deletes.</summary>
/// <param name="Findings">Every finding, ordered by form, line and rule (<see cref="FindingOrder"/>).</param>
/// <param name="SettingsHash">The catalog's settings hash, stored with the run.</param>
/// <param name="RuleCount">How many rules ran.</param>
/// <param name="FormCount">How many forms were analysed.</param>
public sealed record AnalysisResult(IReadOnlyList<Finding> Findings, string SettingsHash, int RuleCount, int FormCount)
    : IDisposable
{
    /// <summary>Deletes the temporary file the findings are read from, if any; the findings are gone after.</summary>
    public void Dispose() => (Findings as IDisposable)?.Dispose();

    /// <summary>Rules not run on a form because the form is incomplete, with the form's reason.</summary>
    public IReadOnlyList<SkippedRule> Skipped { get; init; } = [];

    /// <summary>Time spent in each rule (form rules: summed over forms and threads), for the benchmark.</summary>
    public IReadOnlyDictionary<string, TimeSpan> RuleTimes { get; init; } = new Dictionary<string, TimeSpan>();
}

/// <summary>A rule that was not run on a form, and why.</summary>
public sealed record SkippedRule(RuleInfo Rule, FormRef Form, string Reason);

/// <summary>Runs the catalog over a set of forms: form rules, then batch rules, then rules over all findings.</summary>
/// <remarks>
/// This is the whole-list path: every rule sees every full form at once (the CLI's check, notebooks, rule tests).
/// <see cref="SlicedAnalysis"/> finds the same on forms that arrive in slices of whole units, holding one slice of
/// full forms and the peer rules' summaries only.
/// </remarks>
public sealed class Analyzer(RuleCatalog catalog)
{
    public AnalysisResult Run(IReadOnlyList<EvaluationForm> forms)
    {
        var complete = forms.Where(f => !f.IsIncomplete).ToList();
        var skipped = Skipped(catalog, forms);
        var formRules = catalog.Rules.OfType<IFormRule>().ToList();
        var formRuleTicks = new long[formRules.Count];
        var findings = RunFormRules(formRules, forms, formRuleTicks);
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var r = 0; r < formRules.Count; r++)
        {
            ticks[formRules[r].Info.Code] = formRuleTicks[r];
        }

        foreach (var rule in catalog.Rules.OfType<IBatchRule>())
        {
            findings.AddRange(Timed(rule, ticks, () => rule.Evaluate(rule.NeedsCompleteForm ? complete : forms)));
        }

        var soFar = findings.ToList();
        foreach (var rule in catalog.Rules.OfType<IFindingsRule>())
        {
            findings.AddRange(Timed(rule, ticks, () => rule.Evaluate(rule.NeedsCompleteForm ? complete : forms, soFar)));
        }

        return Result(catalog, findings, forms.Count, skipped, ticks);
    }

    /// <summary>The rules that need a complete form, for each incomplete form, in form then catalog order.</summary>
    internal static List<SkippedRule> Skipped(RuleCatalog catalog, IReadOnlyList<EvaluationForm> forms) =>
        forms.Where(f => f.IsIncomplete)
            .SelectMany(f => catalog.Rules.Where(r => r.NeedsCompleteForm)
                .Select(r => new SkippedRule(r.Info, FormRef.Of(f), f.IncompleteReason ?? "incomplete form")))
            .ToList();

    /// <summary>
    /// The form rules over <paramref name="forms"/>, spread over the cores, findings in form then rule order; each
    /// rule's time is added to <paramref name="ticks"/> (one counter per rule, no locks: this is the hot loop).
    /// </summary>
    internal static List<Finding> RunFormRules(IReadOnlyList<IFormRule> formRules, IReadOnlyList<EvaluationForm> forms,
        long[] ticks)
    {
        var perForm = new List<Finding>[forms.Count];
        Parallel.For(0, forms.Count, i =>
        {
            var list = new List<Finding>();
            for (var r = 0; r < formRules.Count; r++)
            {
                var rule = formRules[r];
                if (forms[i].IsIncomplete && rule.NeedsCompleteForm)
                {
                    continue;
                }

                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                list.AddRange(Guard(rule, forms[i].Source.FileName, () => rule.Evaluate(forms[i]).ToList()));
                Interlocked.Add(ref ticks[r], System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }

            perForm[i] = list;
        });
        return perForm.SelectMany(f => f).ToList();
    }

    /// <summary>Runs a batch or findings rule, adding its time to <paramref name="ticks"/> under its code.</summary>
    internal static List<Finding> Timed(IRule rule, Dictionary<string, long> ticks, Func<IEnumerable<Finding>> evaluate)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var found = Guard(rule, "(batch)", () => evaluate().ToList());
        ticks[rule.Info.Code] = ticks.GetValueOrDefault(rule.Info.Code) + System.Diagnostics.Stopwatch.GetTimestamp() - start;
        return found;
    }

    /// <summary>Runs a batch rule, handing its findings to <paramref name="sink"/> <paramref name="chunk"/> at a time
    /// as it yields them (a rule that yields lazily never holds them all), adding its time to
    /// <paramref name="ticks"/>.</summary>
    internal static void Timed(IRule rule, Dictionary<string, long> ticks, Func<IEnumerable<Finding>> evaluate,
        int chunk, Action<List<Finding>> sink)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var sinking = 0L; // the sink's time (writing findings out) is not the rule's
        var found = new List<Finding>();
        void Hand()
        {
            var t = System.Diagnostics.Stopwatch.GetTimestamp();
            sink(found);
            sinking += System.Diagnostics.Stopwatch.GetTimestamp() - t;
            found = [];
        }

        using (var findings = Guard(rule, "(batch)", () => evaluate().GetEnumerator()))
        {
            while (Guard(rule, "(batch)", findings.MoveNext))
            {
                found.Add(findings.Current);
                if (found.Count >= chunk)
                {
                    Hand();
                }
            }
        }

        Hand();
        ticks[rule.Info.Code] = ticks.GetValueOrDefault(rule.Info.Code)
            + System.Diagnostics.Stopwatch.GetTimestamp() - start - sinking;
    }

    /// <summary>The result: findings ordered by form, line, rule and indicator (ties keep the order found).</summary>
    internal static AnalysisResult Result(RuleCatalog catalog, List<Finding> findings, int formCount,
        List<SkippedRule> skipped, Dictionary<string, long> ticks) =>
        Result(catalog, (IReadOnlyList<Finding>)FindingOrder.Sort(findings), formCount, skipped, ticks);

    /// <summary>The result with findings already in <see cref="FindingOrder"/>.</summary>
    internal static AnalysisResult Result(RuleCatalog catalog, IReadOnlyList<Finding> ordered, int formCount,
        List<SkippedRule> skipped, Dictionary<string, long> ticks)
    {
        return new AnalysisResult(ordered, catalog.SettingsHash, catalog.Rules.Count, formCount)
        {
            Skipped = skipped,
            RuleTimes = ticks.ToDictionary(kv => kv.Key,
                kv => TimeSpan.FromSeconds((double)kv.Value / System.Diagnostics.Stopwatch.Frequency), StringComparer.Ordinal),
        };
    }

    private static T Guard<T>(IRule rule, string where, Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or ArgumentException)
        {
            // A rule bug must not pass silently or take the other rules down with it: name rule and form.
            throw new InvalidOperationException($"rule {rule.Info.Code} failed on {where}: {ex.Message}", ex);
        }
    }
}
