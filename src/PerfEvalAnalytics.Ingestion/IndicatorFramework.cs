using System.Text.RegularExpressions;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// The standard indicator framework: which level-1 block each level-2 name belongs to. Used to place rows whose
/// level-1 label sits mid-block (after a page break) or is missing.
/// </summary>
public static partial class IndicatorFramework
{
    public const string Input = "投入管理指标";
    public const string Output = "产出指标";
    public const string Outcome = "效益指标";
    public const string Satisfaction = "满意度指标";

    private static readonly Dictionary<string, string> Level2ToLevel1 = Build(new()
    {
        [Output] = ["数量指标", "质量指标", "时效指标", "成本指标"],
        [Outcome] = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
        [Satisfaction] = ["服务对象满意度指标", "满意度指标"],
        [Input] =
        [
            "预算编审管理", "预算执行管理", "预算绩效管理", "资产管理", "预算透明度", "内部控制管理", "预算信息化",
        ],
    });

    /// <summary>The level-1 block a level-2 name belongs to, or null when the framework does not know it.</summary>
    public static string? Level1Of(string? level2)
    {
        var key = Labels.Key(level2);
        if (key.Length == 0)
        {
            return null;
        }

        key = key.TrimEnd('等');
        return Level2ToLevel1.TryGetValue(key, out var l1) ? l1
            : Level2ToLevel1.TryGetValue(key + "指标", out l1) ? l1
            : null;
    }

    /// <summary>
    /// Splits a level-1 label such as <c>产出 指标 (50分 )</c> into its name (产出指标) and the weight written
    /// inside it (50), if any.
    /// </summary>
    public static (string Name, decimal? EmbeddedWeight) SplitLevel1(string label)
    {
        var key = Labels.Key(label);
        var m = EmbeddedWeight().Match(key);
        if (!m.Success)
        {
            return (key, null);
        }

        var name = key.Remove(m.Index, m.Length);
        return (name, decimal.Parse(m.Groups["w"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Build(Dictionary<string, string[]> byLevel1)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (level1, level2s) in byLevel1)
        {
            foreach (var l2 in level2s)
            {
                map[l2] = level1;
            }
        }

        return map;
    }

    [GeneratedRegex(@"\((?<w>\d+(?:\.\d+)?)分\)")]
    private static partial Regex EmbeddedWeight();
}
