using System.Globalization;
using System.Text;

namespace PerfEvalAnalytics.Generator;

/// <summary>A finding as the evaluation sees it.</summary>
/// <param name="File">The form's file name.</param>
/// <param name="Unit">单位名称.</param>
/// <param name="Year">年度.</param>
/// <param name="Line">The line concerned, or null.</param>
/// <param name="Rule">The rule code.</param>
public sealed record FindingRef(string File, string Unit, int Year, int? Line, string Rule);

/// <summary>Detection quality of one rule (or of all rules together).</summary>
/// <param name="Rule">Rule code, or "overall".</param>
/// <param name="Labels">Labels of this rule.</param>
/// <param name="Found">Labels matched by at least one finding.</param>
/// <param name="Findings">Findings of this rule.</param>
/// <param name="TruePositives">Findings that match a label.</param>
public sealed record RuleQuality(string Rule, int Labels, int Found, int Findings, int TruePositives)
{
    /// <summary>True positives / findings; null when the rule found nothing.</summary>
    public double? Precision => Findings == 0 ? null : (double)TruePositives / Findings;

    /// <summary>Found labels / labels; null when nothing was labelled.</summary>
    public double? Recall => Labels == 0 ? null : (double)Found / Labels;

    public double? F1 => Precision is { } p && Recall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;
}

/// <summary>The evaluation of findings against labels.</summary>
public sealed record Evaluation(IReadOnlyList<RuleQuality> Rules, RuleQuality Overall)
{
    /// <summary>A plain-text table: rule, labels, found, findings, true positives, precision, recall, F1.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("rule     labels  found  findings  tp      precision  recall  f1");
        foreach (var q in Rules.Append(Overall))
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{q.Rule,-8} {q.Labels,6}  {q.Found,5}  {q.Findings,8}  {q.TruePositives,6}  {Fmt(q.Precision),9}  {Fmt(q.Recall),6}  {Fmt(q.F1),5}"));
        }

        return sb.ToString();
    }

    private static string Fmt(double? value) =>
        value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}

/// <summary>
/// Compares findings with labels: a finding matches a label of the same rule on the same file (or, when the label
/// names no file, the same unit and year), and on the same line when the label has one. Precision counts findings,
/// recall counts labels; "overall" pools every rule (micro average).
/// </summary>
/// <remarks>
/// The outlier rules (<see cref="OutlierRules"/>: ML1, L5) say "this form stands out from its peers", not what is
/// wrong with it; no label names them. A finding of theirs counts as a true positive when its form carries any
/// injected anomaly, and as a false positive on a clean form; they have no recall.
/// </remarks>
public static class LabelEvaluator
{
    /// <summary>Rules judged as "the form is anomalous": ML1 (PCA batch outlier), L5 (peer-outlier score).</summary>
    public static IReadOnlySet<string> OutlierRules { get; } = new HashSet<string>(StringComparer.Ordinal) { "ML1", "L5" };

    public static Evaluation Evaluate(IReadOnlyList<AnomalyLabel> labels, IReadOnlyList<FindingRef> findings)
    {
        var byRuleFile = labels.GroupBy(l => (l.Rule, l.File)).ToDictionary(g => g.Key, g => g.ToList());
        var byRuleUnit = labels.Where(l => string.IsNullOrEmpty(l.File))
            .GroupBy(l => (l.Rule, Unit: Domain.UnitNames.Normalize(l.Unit), l.Year))
            .ToDictionary(g => g.Key, g => g.ToList());
        var anomalousFiles = labels.Select(l => l.File).ToHashSet(StringComparer.Ordinal);
        var found = new HashSet<AnomalyLabel>(ReferenceEqualityComparer.Instance);
        var tp = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            count[f.Rule] = count.GetValueOrDefault(f.Rule) + 1;
            if (OutlierRules.Contains(f.Rule))
            {
                if (anomalousFiles.Contains(f.File))
                {
                    tp[f.Rule] = tp.GetValueOrDefault(f.Rule) + 1;
                }

                continue;
            }
            var candidates = byRuleFile.GetValueOrDefault((f.Rule, f.File), [])
                .Concat(byRuleUnit.GetValueOrDefault((f.Rule, Domain.UnitNames.Normalize(f.Unit), f.Year), []));
            var matched = false;
            foreach (var label in candidates.Where(l => l.Line is null || l.Line == f.Line))
            {
                found.Add(label);
                matched = true;
            }

            if (matched)
            {
                tp[f.Rule] = tp.GetValueOrDefault(f.Rule) + 1;
            }
        }

        var rules = labels.Select(l => l.Rule).Concat(count.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(RuleOrder).ThenBy(r => r, StringComparer.Ordinal).ToList();
        var qualities = rules.Select(r => new RuleQuality(r, labels.Count(l => l.Rule == r),
            found.Count(l => l.Rule == r), count.GetValueOrDefault(r), tp.GetValueOrDefault(r))).ToList();
        var overall = new RuleQuality("overall", labels.Count, found.Count, findings.Count, tp.Values.Sum());
        return new Evaluation(qualities, overall);
    }

    /// <summary>Catalog order: S, C, E, T, M, X, L, Q, ML, then by number.</summary>
    private static int RuleOrder(string code)
    {
        const string families = "SCETMXLQ";
        var letters = new string(code.TakeWhile(char.IsLetter).ToArray());
        var family = letters.Length == 1 ? families.IndexOf(letters[0], StringComparison.Ordinal) : families.Length;
        var number = int.TryParse(code.AsSpan(letters.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (family * 1000) + number;
    }
}
