using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>Running one rule the way the catalog does, and asserting on what it found.</summary>
internal static class RuleAssert
{
    public static IReadOnlyList<Finding> Run(IRule rule, params EvaluationForm[] forms) => rule switch
    {
        IFormRule f => forms.SelectMany(f.Evaluate).ToList(),
        IBatchRule b => b.Evaluate(forms).ToList(),
        IFindingsRule r => r.Evaluate(forms, []).ToList(),
        _ => throw new ArgumentException($"unknown rule kind {rule.GetType()}", nameof(rule)),
    };

    /// <summary>
    /// The rule run as a sliced analysis runs it (<see cref="ISummarizingRule.StartRun"/>, one unit per slice), its
    /// findings in the analysis's order, each described in full (form, line, severity, messages, evidence); and the
    /// same for one list of all the forms (<see cref="IBatchRule.Evaluate"/>), to compare with.
    /// </summary>
    public static (List<string> Sliced, List<string> OneList) SlicedAndWhole(ISummarizingRule sliced, IBatchRule whole,
        IReadOnlyList<EvaluationForm> forms)
    {
        var run = sliced.StartRun();
        foreach (var unit in forms.GroupBy(f => UnitNames.Normalize(f.UnitName)))
        {
            run.Add(unit.ToList());
        }

        return (FindingOrder.Sort(run.Evaluate([]).ToList()).Select(Describe).ToList(),
            FindingOrder.Sort(whole.Evaluate(forms).ToList()).Select(Describe).ToList());
    }

    /// <summary>Everything a finding says, evidence values to the last bit.</summary>
    public static string Describe(Finding f) => string.Join('|', f.Form, f.Line, f.Severity, f.Message, f.MessageEn,
        string.Join(';', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Exactly one finding, from this rule, with the given severity and line.</summary>
    public static Finding Single(IReadOnlyList<Finding> findings, string code, Severity severity, int? line)
    {
        var finding = Assert.Single(findings);
        Assert.Equal(code, finding.Rule.Code);
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(line, finding.Line);
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        Assert.False(string.IsNullOrWhiteSpace(finding.MessageEn));
        return finding;
    }
}
