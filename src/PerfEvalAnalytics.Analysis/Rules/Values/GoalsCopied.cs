using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>Q5 全年完成情况照抄年初目标: the 全年完成情况 text of 年度总体目标 is (nearly) the 年初设定目标 text.</summary>
/// <remarks>
/// Similarity is the Jaccard index of character trigrams of the normalised texts
/// (<see cref="Indicators.TrigramJaccard"/>), which is insensitive to punctuation and spacing but drops quickly once
/// real results (numbers, outcomes) are added.
/// </remarks>
public sealed class GoalsCopied(GoalsCopied.Settings settings) : IFormRule
{
    /// <param name="MinSimilarity">Trigram Jaccard at or above which the achieved text counts as copied ([D]: 0.9
    /// leaves room for a changed word or two, not for a sentence of results).</param>
    public sealed record Settings(double MinSimilarity = 0.9);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("Q5", "全年完成情况照抄年初目标", "Achieved goal copied from the planned goal", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        if (form.Goals is not { } goals || string.IsNullOrWhiteSpace(goals.Planned)
            || string.IsNullOrWhiteSpace(goals.Achieved))
        {
            yield break;
        }

        var similarity = Indicators.TrigramJaccard(goals.Planned, goals.Achieved);
        if (similarity < _settings.MinSimilarity)
        {
            yield break;
        }

        var planned = Explanations.ChineseLength(goals.Planned);
        var achieved = Explanations.ChineseLength(goals.Achieved);
        var identical = string.Equals(goals.Planned.Trim(), goals.Achieved.Trim(), StringComparison.Ordinal);
        var how = identical ? "与年初设定目标逐字相同" : Finding.Invariant($"与年初设定目标的相似度为 {similarity:0.00}");
        var howEn = identical ? "is word for word the planned goal" : Finding.Invariant($"has similarity {similarity:0.00} to the planned goal");
        yield return Finding.ForForm(Rule, Severity.Medium, form, goals.Line,
            $"年度总体目标的全年完成情况（{achieved} 字）{how}（{planned} 字；字符三元组 Jaccard 相似度 {similarity:0.00}，阈值 {_settings.MinSimilarity}）：没有写明全年实际做了什么、完成到什么程度",
            $"The achieved text of 年度总体目标 ({achieved} characters) {howEn} ({planned} characters; trigram Jaccard {similarity:0.00}, threshold {_settings.MinSimilarity}): it does not say what was actually done",
            [
                new("similarity", similarity), new("threshold", _settings.MinSimilarity),
                new("plannedLength", planned), new("achievedLength", achieved),
            ]);
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinSimilarity, nameof(s.MinSimilarity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.MinSimilarity, 1.0, nameof(s.MinSimilarity));
        return s;
    }
}
