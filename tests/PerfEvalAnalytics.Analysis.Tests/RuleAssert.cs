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
