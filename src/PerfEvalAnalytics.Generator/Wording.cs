using System.Globalization;

namespace PerfEvalAnalytics.Generator;

/// <summary>The words fictional units write: grades, explanations, goals. Chosen by the seeded random source only.</summary>
internal static class Wording
{
    public const string Achieved = "达成指标";
    public const string Partly = "部分达成指标";

    /// <summary>Causes. None names the budget (执行/预算/资金/经费/支出), so a clean row never explains a low rate.</summary>
    private static readonly string[] Causes =
    [
        "受年中工作计划调整影响", "因部分采购事项延期实施", "由于服务对象需求较上年下降", "受汛期极端天气影响",
        "因人员岗位调整导致进度放缓", "由于上级政策口径调整", "因招投标流程推迟", "受辖区常住人口流动影响",
        "因设备到货时间延后", "由于配套条件到位较晚", "因第三方服务合同中途变更", "受场地改造施工影响",
        "由于部分点位整合撤并", "因系统升级停用两周",
    ];

    private static readonly string[] Actions =
    [
        "下一步将加强进度跟踪", "拟于下年度优化工作计划", "今后将完善考核机制", "下一步将提前谋划采购安排",
        "将加强与相关部门的协调", "拟调整资源配置并强化督办", "今后将细化月度工作计划", "将完善指标值测算依据",
        "下一步将加强人员培训", "拟建立周报机制及时纠偏", "将压实科室责任并按月通报", "今后将加强过程监管",
    ];

    private static readonly string[] Claims =
    [
        "该项工作未完成年度目标，差距较为明显。", "全年未达到预期指标值。", "实际完成情况与目标偏差较大，需要持续改进。",
        "年度任务未达成，将在下年度补足。",
    ];

    private static readonly string[] Details =
    [
        "主要集中在第三季度", "其中下半年影响较为明显", "涉及多个科室和站点", "经年底复核确认", "与年初测算存在差距",
        "主要受个别事项拖累", "集中在年末两个月", "已在季度分析会上通报", "部分工作需跨年衔接", "对全年进度影响较大",
    ];

    private static readonly string[] Delays =
    [
        "未按期推进", "进度滞后", "尚在推进中", "需跨年实施", "验收延后", "方案仍在论证", "待上级批复", "转入下年度",
    ];

    private static readonly string[] Focus =
    [
        "基层治理现代化", "民生服务保障", "城市精细化管理", "公共安全底线", "营商环境优化", "生态环境改善",
        "公共服务均等化", "数字化转型",
    ];

    private static readonly string[] Tasks =
    [
        "完善工作制度和流程", "推进重点项目落地", "提升服务响应效率", "加强队伍建设", "强化风险排查",
        "深化部门协同联动", "优化资源配置", "推动信息化平台应用",
    ];

    private static readonly string[] Done =
    [
        "重点项目均按节点推进", "服务响应时间明显缩短", "制度流程进一步规范", "专业培训覆盖全体人员",
        "风险隐患实现闭环管理", "跨部门协同机制运行顺畅", "信息化平台上线运行", "群众反映问题及时处置",
    ];

    public static string Pick(Random random, IReadOnlyList<string> list) => list[random.Next(list.Count)];

    /// <summary>An explanation with a cause and an action that names the row's own figures, so it is not a copy.</summary>
    public static string Explanation(Random random, GenRow row, string target, string actual)
    {
        const int attempts = 20;
        var name = row.Name ?? row.Level2;
        var (cause, detail, action) = Phrasing(random);
        if (row.Registry is { } registry)
        {
            for (var i = 0; i < attempts && !registry.IsNovel(row.Year, name, Key(cause, detail, action)); i++)
            {
                (cause, detail, action) = Phrasing(random);
            }

            registry.Add(row.Year, name, Key(cause, detail, action));
        }

        var because = Causes[cause] + "，" + Details[detail];
        var then = Actions[action];
        return row.Shape switch
        {
            Shape.Qualitative => Inv($"{because}，{row.Name}涉及的{random.Next(6, 15)}项任务中有{random.Next(2, 6)}项{Pick(random, Delays)}，仅部分达成年度指标，{then}。"),
            Shape.Reverse => $"{because}，{row.Name}实际为{actual}，超出年度指标值{target}，{then}。",
            _ => $"{because}，{row.Name}全年完成{actual}，低于年度指标值{target}，{then}。",
        };
    }

    /// <summary>A met row's explanation that claims a miss (rule E5), phrased so no other unit's repeats it (E4).</summary>
    public static string ClaimsMiss(Random random, GenRow row)
    {
        const int attempts = 20;
        const int offset = 1_000_000; // a phrasing space of its own, apart from Explanation's
        var name = row.Name ?? row.Level2;
        var (cause, detail, claim) = (random.Next(Causes.Length), random.Next(Details.Length), random.Next(Claims.Length));
        int Key() => offset + (((cause * Details.Length) + detail) * Claims.Length) + claim;
        if (row.Registry is { } registry)
        {
            for (var i = 0; i < attempts && !registry.IsNovel(row.Year, name, Key()); i++)
            {
                (cause, detail, claim) = (random.Next(Causes.Length), random.Next(Details.Length), random.Next(Claims.Length));
            }

            registry.Add(row.Year, name, Key());
        }

        return $"{Causes[cause]}，{Details[detail]}，{Claims[claim]}";
    }

    private static (int Cause, int Detail, int Action) Phrasing(Random random) =>
        (random.Next(Causes.Length), random.Next(Details.Length), random.Next(Actions.Length));

    private static int Key(int cause, int detail, int action) => (((cause * Details.Length) + detail) * Actions.Length) + action;

    public static string Planned(Random random, string unit, int year)
    {
        var tasks = Tasks.OrderBy(_ => random.Next()).Take(2).ToList();
        return Inv($"{year}年，{unit}围绕{Pick(random, Focus)}，计划{tasks[0]}、{tasks[1]}，确保各项重点任务按期完成，全面提升履职效能。");
    }

    public static string Achieved_(Random random, int year, decimal ratePercent, int tasks)
    {
        var done = Done.OrderBy(_ => random.Next()).Take(2).ToList();
        return Inv($"{year}年度共落实重点工作{tasks}项，{done[0]}；{done[1]}。全年预算执行率{ratePercent:0.00}%，整体运行平稳有序。");
    }

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
