using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// Several conditions of one rule that land on the same form become one finding (one key per rule, form and line):
/// their reasons are joined and their evidence merged (keys are prefixed by the caller so they do not clash).
/// </summary>
internal sealed class FindingDrafts
{
    private readonly List<Draft> _drafts = [];
    private readonly Dictionary<IFormHeader, Draft> _byForm = new(ReferenceEqualityComparer.Instance);

    public void Add(IFormHeader form, string reason, string reasonEn, IEnumerable<KeyValuePair<string, double>> evidence)
    {
        if (!_byForm.TryGetValue(form, out var draft))
        {
            draft = new Draft(form);
            _byForm[form] = draft;
            _drafts.Add(draft);
        }

        draft.Reasons.Add(reason);
        draft.ReasonsEn.Add(reasonEn);
        foreach (var (key, value) in evidence)
        {
            draft.Evidence[key] = value;
        }
    }

    /// <summary>The findings, in the order their forms were first added.</summary>
    public IEnumerable<Finding> Findings(RuleInfo rule, Severity severity, Func<IFormHeader, int?> line) =>
        _drafts.Select(d => Finding.ForForm(rule, severity, d.Form, line(d.Form),
            $"{string.Join("；", d.Reasons)}", $"{string.Join("; ", d.ReasonsEn)}", d.Evidence));

    private sealed record Draft(IFormHeader Form)
    {
        public List<string> Reasons { get; } = [];

        public List<string> ReasonsEn { get; } = [];

        public Dictionary<string, double> Evidence { get; } = new(StringComparer.Ordinal);
    }
}
