using System.Text.RegularExpressions;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// Default word lists of the explanation rules (E family), as .NET regular expressions so a region can extend them
/// in data/settings/rules.json; and the row facts they share.
/// </summary>
internal static class ExplanationLexicon
{
    /// <summary>Cause terms (Art. 11 "分析并说明原因"; RULES.md §3 E3): 因, 由于, 受…影响, 调整, 延期, 原因, 根据 ….</summary>
    public const string Cause = "因|由于|受.{0,12}影响|调整|延期|推迟|原因|根据|导致|造成";

    /// <summary>Action terms (Art. 11 "研究提出改进措施"; RULES.md §3 E3): 将, 拟, 下一步, 加强, 改进, 整改, 措施 ….</summary>
    public const string Action = "将|拟|下一步|今后|加强|改进|整改|措施|完善|优化";

    /// <summary>Stock phrases that explain nothing (RULES.md §3 E3).</summary>
    public const string Stock = "已按计划完成|达到预期|效果良好";

    /// <summary>Words naming the budget and its execution (RULES.md §3 E2).</summary>
    public const string Budget = "执行|预算|资金|经费|支出";

    /// <summary>A met row's explanation that claims a miss (RULES.md §3 E5); a preceding 无/没有/不存在 negates it.</summary>
    public const string ClaimsMiss = "(?<!无|没有|不存在)(未完成|未达到|未达成|偏差较大)";

    /// <summary>A missed row's explanation that claims the target was met (RULES.md §3 E5).</summary>
    public const string ClaimsMet = "已完成|无偏差|已达成";

    /// <summary>
    /// A pattern from the settings runs at most this long on one text (guards a pathological pattern). The clock is
    /// wall time: at 1 s a 100,000-form analysis on a busy 2-core machine timed out on an ordinary short text (a
    /// thread paused by the scheduler and a large GC), so the bound is generous; a pathological pattern still fails.
    /// </summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Compiles a setting's pattern; an invalid one throws <see cref="ArgumentException"/> naming the setting.</summary>
    public static Regex Compile(string pattern, string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern, setting);
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{setting}: not a valid regular expression ({ex.Message})", setting, ex);
        }
    }

    /// <summary>
    /// True when the row is one the unit must explain: it missed its target, or it was scored below its 分值 by more
    /// than <paramref name="tolerance"/> (RULES.md §3 E1).
    /// </summary>
    public static bool NeedsExplanation(RowAssessment a, decimal tolerance) =>
        a.Outcome == RowOutcome.Missed || a.Row is { Points: { } w, Score: { } s } && s < w - tolerance;

    /// <summary>Text quoted into a message, cut to <paramref name="max"/> characters.</summary>
    public static string Quote(string? text, int max)
    {
        var t = text?.Trim() ?? string.Empty;
        return t.Length <= max ? t : string.Concat(t.AsSpan(0, max), "…");
    }

    /// <summary>The 年度指标值 / 全年完成值 pair as filed, for messages (rows scored at level 2 have neither).</summary>
    public static string Values(IndicatorRow row) =>
        row.Target.Raw.Length == 0 && row.Actual.Raw.Length == 0
            ? "未填年度指标值和全年完成值"
            : $"年度指标值 {row.Target.Raw}，全年完成值 {row.Actual.Raw}";

    /// <summary>English of <see cref="Values"/>.</summary>
    public static string ValuesEn(IndicatorRow row) =>
        row.Target.Raw.Length == 0 && row.Actual.Raw.Length == 0
            ? "no target or actual filed"
            : $"target {row.Target.Raw}, actual {row.Actual.Raw}";
}
