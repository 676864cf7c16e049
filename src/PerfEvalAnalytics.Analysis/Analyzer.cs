using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>What one analysis produced.</summary>
/// <param name="Findings">Every finding, ordered by form, line and rule.</param>
/// <param name="SettingsHash">The catalog's settings hash, stored with the run.</param>
/// <param name="RuleCount">How many rules ran.</param>
/// <param name="FormCount">How many forms were analysed.</param>
public sealed record AnalysisResult(IReadOnlyList<Finding> Findings, string SettingsHash, int RuleCount, int FormCount)
{
    /// <summary>Rules not run on a form because the form is incomplete, with the form's reason.</summary>
    public IReadOnlyList<SkippedRule> Skipped { get; init; } = [];

    /// <summary>Time spent in each rule (form rules: summed over forms and threads), for the benchmark.</summary>
    public IReadOnlyDictionary<string, TimeSpan> RuleTimes { get; init; } = new Dictionary<string, TimeSpan>();
}

/// <summary>A rule that was not run on a form, and why.</summary>
public sealed record SkippedRule(RuleInfo Rule, FormRef Form, string Reason);

/// <summary>Runs the catalog over a set of forms: form rules, then batch rules, then rules over all findings.</summary>
public sealed class Analyzer(RuleCatalog catalog)
{
    public AnalysisResult Run(IReadOnlyList<EvaluationForm> forms)
    {
        var formRules = catalog.Rules.OfType<IFormRule>().ToList();
        var complete = forms.Where(f => !f.IsIncomplete).ToList();
        var skipped = forms.Where(f => f.IsIncomplete)
            .SelectMany(f => catalog.Rules.Where(r => r.NeedsCompleteForm)
                .Select(r => new SkippedRule(r.Info, FormRef.Of(f), f.IncompleteReason ?? "incomplete form")))
            .ToList();
        var perForm = new List<Finding>[forms.Count];
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        // Form rules are independent per form: spread them over the cores, keep the output order fixed.
        // Per-rule time of form rules: one counter per rule, added to without locks (this is the hot loop).
        var formRuleTicks = new long[formRules.Count];
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
                Interlocked.Add(ref formRuleTicks[r], System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }

            perForm[i] = list;
        });

        for (var r = 0; r < formRules.Count; r++)
        {
            ticks[formRules[r].Info.Code] = formRuleTicks[r];
        }

        var findings = perForm.SelectMany(f => f).ToList();
        foreach (var rule in catalog.Rules.OfType<IBatchRule>())
        {
            var input = rule.NeedsCompleteForm ? complete : forms;
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            findings.AddRange(Guard(rule, "(batch)", () => rule.Evaluate(input).ToList()));
            ticks[rule.Info.Code] = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }

        var soFar = findings.ToList();
        foreach (var rule in catalog.Rules.OfType<IFindingsRule>())
        {
            var input = rule.NeedsCompleteForm ? complete : forms;
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            findings.AddRange(Guard(rule, "(batch)", () => rule.Evaluate(input, soFar).ToList()));
            ticks[rule.Info.Code] = System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }

        var ordered = findings
            .OrderBy(f => f.Form.UnitKey, StringComparer.Ordinal)
            .ThenBy(f => f.Form.Year)
            .ThenBy(f => f.Form.Kind)
            .ThenBy(f => f.Form.Project ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Line ?? 0)
            .ThenBy(f => f.Rule.Code, StringComparer.Ordinal)
            .ThenBy(f => f.Indicator ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        return new AnalysisResult(ordered, catalog.SettingsHash, catalog.Rules.Count, forms.Count) 
        {
            Skipped = skipped,
            RuleTimes = ticks.ToDictionary(kv => kv.Key,
                kv => TimeSpan.FromSeconds((double)kv.Value / System.Diagnostics.Stopwatch.Frequency), StringComparer.Ordinal),
        };
    }

    private static List<Finding> Guard(IRule rule, string where, Func<List<Finding>> evaluate)
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
