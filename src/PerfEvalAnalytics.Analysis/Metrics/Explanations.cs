using System.Text.RegularExpressions;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>Reading 偏差及原因分析 cells.</summary>
public static partial class Explanations
{
    /// <summary>
    /// True when there is no explanation: blank, or a placeholder such as 无, /, —, 暂无, 无偏差, 不适用
    /// (RULES.md E1 null-list).
    /// </summary>
    public static bool IsBlank(string? text) =>
        string.IsNullOrWhiteSpace(text) || NullList().IsMatch(text.Trim().TrimEnd('。', '.', '；', ';', '！'));

    /// <summary>The number of CJK characters (a length measure that ignores punctuation and digits).</summary>
    public static int ChineseLength(string? text) => text?.Count(c => c is >= '\u4e00' and <= '\u9fff') ?? 0;

    [GeneratedRegex(@"^(无|/|／|—|-|－|暂无|无偏差|不适用|\\|——)$")]
    private static partial Regex NullList();
}
