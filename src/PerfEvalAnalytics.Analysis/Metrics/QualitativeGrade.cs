using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// The three bands of a qualitative actual (财预〔2020〕10号 Art. 13): 达成年度指标, 部分达成年度指标并具有一定效果,
/// 未达成年度指标且效果较差, and their short forms.
/// </summary>
public static class QualitativeGrade
{
    public enum Grade
    {
        /// <summary>Not one of the bands.</summary>
        None,

        /// <summary>达成 (达成年度指标, 达成指标, 已达成, 完成, 已完成; 基本达成 and 达标 read as 达成, as units use them).</summary>
        Achieved,

        /// <summary>部分达成.</summary>
        Partly,

        /// <summary>未达成 / 未完成.</summary>
        NotAchieved,
    }

    /// <summary>
    /// The band of a row's actual. An actual that restates a qualitative target (年度指标值 及时, 全年完成值 及时;
    /// 健全 / 健全) says the target was reached, so it reads as 达成.
    /// </summary>
    public static Grade Of(IndicatorRow row)
    {
        var grade = Of(row.Actual.Raw);
        return grade == Grade.None && row.Target.Kind == ValueKind.Qualitative && row.Actual.Kind != ValueKind.Empty
            && Indicators.NormalizeText(row.Actual.Raw) == Indicators.NormalizeText(row.Target.Raw)
            ? Grade.Achieved
            : grade;
    }

    public static Grade Of(string? actual)
    {
        var text = actual?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Grade.None;
        }

        // Only the band's own words: 部分延期 or 部分项目 are not a grade.
        if (text.StartsWith("部分达成", StringComparison.Ordinal) || text.StartsWith("部分完成", StringComparison.Ordinal)
            || text.StartsWith("部分达到", StringComparison.Ordinal))
        {
            return Grade.Partly;
        }

        if (text.StartsWith("未达成", StringComparison.Ordinal) || text.StartsWith("未完成", StringComparison.Ordinal)
            || text.StartsWith("未达到", StringComparison.Ordinal))
        {
            return Grade.NotAchieved;
        }

        return text is "达成" or "达成指标" or "达成年度指标" or "已达成" or "完成" or "已完成" or "达到" or "已达到"
            or "达成预期指标" or "达到预期" or "达成目标" or "基本达成" or "基本完成" or "已达标" or "达标"
            ? Grade.Achieved
            : Grade.None;
    }
}
