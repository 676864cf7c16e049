using System.Text.RegularExpressions;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// E5 说明与数据矛盾: the row met its target but its 偏差及原因分析 says 未完成/未达到/偏差较大; or it missed its target
/// but the explanation says 已完成/无偏差/已达成.
/// </summary>
/// <remarks>A placeholder such as 无偏差 alone counts as blank and is E1's finding, not this rule's.</remarks>
public sealed class ExplanationContradictsData(ExplanationContradictsData.Settings settings) : IFormRule
{
    /// <param name="ClaimsMiss">Regular expression: a met row's explanation that claims a miss (RULES.md §3 E5; a
    /// preceding 无/没有/不存在 negates it).</param>
    /// <param name="ClaimsMet">Regular expression: a missed row's explanation that claims the target was met
    /// (RULES.md §3 E5).</param>
    public sealed record Settings(
        string ClaimsMiss = ExplanationLexicon.ClaimsMiss,
        string ClaimsMet = ExplanationLexicon.ClaimsMet);

    private readonly Regex _claimsMiss = ExplanationLexicon.Compile(settings.ClaimsMiss, nameof(Settings.ClaimsMiss));
    private readonly Regex _claimsMet = ExplanationLexicon.Compile(settings.ClaimsMet, nameof(Settings.ClaimsMet));

    public static RuleInfo Rule { get; } = new("E5", "说明与数据矛盾", "Explanation contradicts the data", "E");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (Explanations.IsBlank(row.Explanation))
            {
                continue;
            }

            var a = RowAssessment.Of(row);
            var pattern = a.Outcome switch
            {
                RowOutcome.Met => _claimsMiss,
                RowOutcome.Missed => _claimsMet,
                _ => null,
            };
            if (pattern?.Match(row.Explanation!) is not { Success: true } match)
            {
                continue;
            }

            var met = a.Outcome == RowOutcome.Met;
            var data = met ? "已完成年度指标值" : "未完成年度指标值";
            var dataEn = met ? "met its target" : "missed its target";
            var evidence = new List<KeyValuePair<string, double>> { new("missed", met ? 0 : 1) };
            if (a.IsQuantitative)
            {
                evidence.Add(new("T", (double)a.Target!.Value));
                evidence.Add(new("X", (double)a.Actual!.Value));
            }

            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"{row.DisplayName}：{ExplanationLexicon.Values(row)}，按数据{data}，但偏差及原因分析称“{match.Value}”（原文：“{ExplanationLexicon.Quote(row.Explanation, 60)}”），说明与数据矛盾",
                $"{row.DisplayName}: {ExplanationLexicon.ValuesEn(row)}: the data say the row {dataEn}, but the explanation says \"{match.Value}\" (\"{ExplanationLexicon.Quote(row.Explanation, 60)}\")",
                evidence);
        }
    }
}
