using System.Text.RegularExpressions;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// E3 偏差原因分析不充分（套话）: a row that missed its target (or was scored below its 分值) has an explanation, but
/// too short, with neither a cause nor an action, or a stock phrase. 财预〔2020〕10号 Art. 11 asks for the cause
/// (分析并说明原因) and a remedy (研究提出改进措施).
/// </summary>
/// <remarks>Blank explanations are E1's; this rule judges only what was written.</remarks>
public sealed class InsufficientExplanation(InsufficientExplanation.Settings settings) : IFormRule
{
    /// <param name="MinChineseLength">Fewer Chinese characters than this is too short (RULES.md §6 "Explanation
    /// minimum": 15).</param>
    /// <param name="CauseTerms">Regular expression for cause terms (RULES.md §3 E3).</param>
    /// <param name="ActionTerms">Regular expression for action terms (RULES.md §3 E3).</param>
    /// <param name="StockPhrases">Regular expression for stock phrases (RULES.md §3 E3).</param>
    /// <param name="Tolerance">ε in points: a 得分 below 分值 − ε makes a row one to explain (RULES.md §6).</param>
    public sealed record Settings(
        int MinChineseLength = 15,
        string CauseTerms = ExplanationLexicon.Cause,
        string ActionTerms = ExplanationLexicon.Action,
        string StockPhrases = ExplanationLexicon.Stock,
        decimal Tolerance = 0.01m);

    private readonly Settings _settings = Validated(settings);
    private readonly Regex _cause = ExplanationLexicon.Compile(settings.CauseTerms, nameof(Settings.CauseTerms));
    private readonly Regex _action = ExplanationLexicon.Compile(settings.ActionTerms, nameof(Settings.ActionTerms));
    private readonly Regex _stock = ExplanationLexicon.Compile(settings.StockPhrases, nameof(Settings.StockPhrases));

    public static RuleInfo Rule { get; } =
        new("E3", "偏差原因分析不充分（套话）", "Boilerplate or insufficient explanation", "E");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var a = RowAssessment.Of(row);
            if (!ExplanationLexicon.NeedsExplanation(a, _settings.Tolerance) || Explanations.IsBlank(row.Explanation))
            {
                continue;
            }

            var text = row.Explanation!;
            var length = Explanations.ChineseLength(text);
            var hasCause = _cause.IsMatch(text);
            var hasAction = _action.IsMatch(text);
            var stock = _stock.Match(text);
            var tooShort = length < _settings.MinChineseLength;
            var noSubstance = !hasCause && !hasAction;
            if (!tooShort && !noSubstance && !stock.Success)
            {
                continue;
            }

            var reasons = new List<string>();
            var reasonsEn = new List<string>();
            if (tooShort)
            {
                reasons.Add(Finding.Invariant($"仅 {length} 个汉字（少于 {_settings.MinChineseLength} 个）"));
                reasonsEn.Add(Finding.Invariant($"only {length} Chinese characters (fewer than {_settings.MinChineseLength})"));
            }

            if (noSubstance)
            {
                reasons.Add("既无原因分析也无改进措施");
                reasonsEn.Add("neither a cause nor an action");
            }
            else
            {
                reasons.Add($"{(hasCause ? "有" : "无")}原因分析、{(hasAction ? "有" : "无")}改进措施");
                reasonsEn.Add($"{(hasCause ? "a" : "no")} cause, {(hasAction ? "an" : "no")} action");
            }

            if (stock.Success)
            {
                reasons.Add($"含套话“{stock.Value}”");
                reasonsEn.Add($"stock phrase \"{stock.Value}\"");
            }

            var why = a.Outcome == RowOutcome.Missed ? "未完成年度指标值" : "得分低于分值";
            var whyEn = a.Outcome == RowOutcome.Missed ? "missed its target" : "scored below its points";
            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"{row.DisplayName}：{ExplanationLexicon.Values(row)}，分值 {row.Points}，得分 {row.Score}，{why}；偏差及原因分析“{ExplanationLexicon.Quote(text, 60)}”{string.Join('，', reasons)}，应说明偏离原因并提出改进措施",
                $"{row.DisplayName}: {ExplanationLexicon.ValuesEn(row)}, points {row.Points}, score {row.Score}: the row {whyEn}; its explanation \"{ExplanationLexicon.Quote(text, 60)}\" has {string.Join("; ", reasonsEn)}; a cause and a remedy are required",
                [
                    new("length", length), new("minLength", _settings.MinChineseLength),
                    new("hasCause", hasCause ? 1 : 0), new("hasAction", hasAction ? 1 : 0),
                    new("stockPhrase", stock.Success ? 1 : 0),
                ]);
        }
    }

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s.MinChineseLength, nameof(Settings.MinChineseLength));
        ArgumentOutOfRangeException.ThrowIfNegative(s.Tolerance, nameof(Settings.Tolerance));
        return s;
    }
}
