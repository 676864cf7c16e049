namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// The one place that says which header labels mean which column, across provinces' layouts. Adding a layout
/// whose headers differ is a change to this table, not to the recogniser. Labels are compared with
/// <see cref="Labels.Key"/> (white space removed, NFKC).
/// </summary>
public static class HeaderSynonyms
{
    public static IReadOnlyDictionary<IndicatorColumn, IReadOnlyList<string>> Indicator { get; } =
        new Dictionary<IndicatorColumn, IReadOnlyList<string>>
        {
            [IndicatorColumn.Level1] = ["一级指标"],
            [IndicatorColumn.Weight] = ["权重"],
            [IndicatorColumn.Level2] = ["二级指标"],
            [IndicatorColumn.Name] = ["三级指标"],
            [IndicatorColumn.Target] = ["年度指标值", "指标值", "年度目标值"],
            [IndicatorColumn.TargetOperator] = ["指标性质"],
            [IndicatorColumn.TargetUnit] = ["度量单位", "计量单位"],
            [IndicatorColumn.Actual] = ["全年完成值", "实际完成值", "全年实际值", "实际完成情况", "全年实际完成值"],
            [IndicatorColumn.Points] = ["分值"],
            [IndicatorColumn.Score] = ["得分"],
            [IndicatorColumn.Explanation] =
                ["偏差及原因分析", "偏差原因分析及改进措施", "偏差原因分析", "未完成原因分析", "偏差原因分析及整改措施",
                    "偏差原因及改进措施", "偏差原因"],
        };

    /// <summary>Columns without which an indicator table cannot be read.</summary>
    public static IReadOnlyList<IndicatorColumn> Required { get; } =
    [
        IndicatorColumn.Level1, IndicatorColumn.Name, IndicatorColumn.Target, IndicatorColumn.Actual,
        IndicatorColumn.Points, IndicatorColumn.Score,
    ];

    /// <summary>The Chinese label a user would look for, for messages.</summary>
    public static string DisplayLabel(IndicatorColumn column) => Indicator[column][0];

    /// <summary>Budget-block column labels (整体支出规模 / 项目资金).</summary>
    public static IReadOnlyDictionary<BudgetColumn, IReadOnlyList<string>> Budget { get; } =
        new Dictionary<BudgetColumn, IReadOnlyList<string>>
        {
            [BudgetColumn.InitialBudget] = ["年初预算数"],
            [BudgetColumn.AnnualBudget] = ["全年预算数"],
            [BudgetColumn.Executed] = ["全年执行数"],
            [BudgetColumn.Rate] = ["执行率", "执行率(%)", "预算执行率"],
            [BudgetColumn.Points] = ["分值"],
            [BudgetColumn.Score] = ["得分"],
        };

    /// <summary>Labels of the cell that holds the unit's name, best first.</summary>
    public static IReadOnlyList<string> UnitName { get; } = ["单位名称", "实施单位", "部门名称", "部门", "单位"];

    /// <summary>Labels of the project name on project forms.</summary>
    public static IReadOnlyList<string> ProjectName { get; } = ["项目名称"];

    /// <summary>Labels of the annual-goal block and its two columns.</summary>
    public static IReadOnlyList<string> GoalBlock { get; } = ["年度总体目标", "总体目标"];

    public static IReadOnlyList<string> GoalPlanned { get; } = ["年初设定目标", "预期目标", "年度目标"];

    public static IReadOnlyList<string> GoalAchieved { get; } = ["全年完成情况", "实际完成情况", "全年实际完成情况"];

    /// <summary>Labels of the totals row.</summary>
    public static IReadOnlyList<string> Total { get; } = ["总分", "合计", "总计"];

    /// <summary>Labels of a cell that holds the 自评等级 (in or next to the 总分 row).</summary>
    public static IReadOnlyList<string> GradeLabel { get; } = ["自评等级", "绩效等级", "评价等级", "等级"];

    /// <summary>The grades a 总分 row may state (优/良/中/差 and their long forms).</summary>
    public static IReadOnlyList<string> Grades { get; } = ["优", "良", "中", "差", "优秀", "良好", "一般", "较差"];

    /// <summary>
    /// A line that says the file is a partial copy: the public copy stops here. Text after it (a reason) is kept.
    /// </summary>
    public const string TruncatedMarker = "#TRUNCATED";

    /// <summary>Rows of free text after the indicators that are remarks, not indicators.</summary>
    public static IReadOnlyList<string> Remark { get; } = ["其他需要说明事项", "备注", "说明"];
}

/// <summary>The meaning of a column of the budget block.</summary>
public enum BudgetColumn
{
    InitialBudget,
    AnnualBudget,
    Executed,
    Rate,
    Points,
    Score,
}
