namespace PerfEvalAnalytics.Generator;

/// <summary>
/// The indicators fictional units report, modelled on the reference form (data/samples) and the published forms:
/// the standard framework's level-1 and level-2 names, realistic level-3 names whose suffix matches the unit of
/// measure (…率 in %, …数 in a count unit), and first-year targets of plausible size.
/// </summary>
internal static class IndicatorCatalog
{
    public const string Input = "投入管理指标";
    public const string Output = "产出指标";
    public const string Benefit = "效益指标";
    public const string Satisfaction = "满意度指标";

    /// <summary>投入管理 rows of the department-wide form: one per level-2 item, with the reference form's 分值.</summary>
    public static IReadOnlyList<(IndicatorTemplate Template, decimal Points)> InputRows { get; } =
    [
        (new("预算编审管理", "预算编制准确率", Shape.Rate, "%", 78, 88), 7.5m),
        (new("预算执行管理", "预算执行进度达标率", Shape.Rate, "%", 75, 88), 10.2m),
        (new("预算绩效管理", "绩效目标编报完整率", Shape.Rate, "%", 80, 90), 4.5m),
        (new("资产管理", "资产账实相符率", Shape.Capped, "%", 100, 100), 0.9m),
        (new("预算透明度", "预决算信息公开完整率", Shape.Capped, "%", 100, 100), 3.0m),
        (new("内部控制管理", "内控制度健全性", Shape.Qualitative, "健全", 0, 0), 2.4m),
        (new("预算信息化", "财务数据录入准确率", Shape.Rate, "%", 80, 90), 1.5m),
    ];

    /// <summary>产出指标 candidates (数量/质量/时效 for both kinds).</summary>
    public static IReadOnlyList<IndicatorTemplate> Outputs { get; } =
    [
        new("数量指标", "日常巡查检查次数", Shape.Count, "次", 180, 900),
        new("数量指标", "业务培训人次数", Shape.Count, "人次", 120, 800),
        new("数量指标", "服务对象覆盖人数", Shape.Count, "人", 300, 5000),
        new("数量指标", "受理群众诉求件数", Shape.Count, "件", 200, 1500),
        new("数量指标", "宣传活动开展场数", Shape.Count, "场", 24, 90),
        new("数量指标", "设施设备维护台数", Shape.Count, "台", 60, 400),
        new("数量指标", "入户走访户数", Shape.Count, "户", 300, 3000),
        new("数量指标", "专项整治点位数", Shape.Count, "处", 40, 260),
        new("数量指标", "志愿服务人次数", Shape.Count, "人次", 200, 2400),
        new("数量指标", "政务信息报送篇数", Shape.Count, "篇", 36, 160),
        new("数量指标", "应急演练组织次数", Shape.Count, "次", 20, 60),
        new("数量指标", "安全隐患排查处数", Shape.Count, "处", 80, 700),
        new("数量指标", "资料档案整理卷数", Shape.Count, "份", 150, 1200),
        new("质量指标", "工程验收合格率", Shape.Rate, "%", 80, 90),
        new("质量指标", "案件按期结案率", Shape.Rate, "%", 76, 88),
        new("质量指标", "群众诉求办结率", Shape.Rate, "%", 78, 90),
        new("质量指标", "设施设备完好率", Shape.Rate, "%", 80, 90),
        new("质量指标", "培训考核通过率", Shape.Rate, "%", 75, 88),
        new("质量指标", "资金支付合规率", Shape.Capped, "%", 100, 100),
        new("质量指标", "服务质量抽检达标率", Shape.Rate, "%", 78, 88),
        new("时效指标", "任务完成及时性", Shape.Qualitative, "及时", 0, 0),
        new("时效指标", "资金拨付及时性", Shape.Qualitative, "及时", 0, 0),
        new("时效指标", "诉求按时响应率", Shape.Rate, "%", 80, 90),
        new("时效指标", "合同签订及时率", Shape.Capped, "%", 100, 100),
    ];

    /// <summary>成本指标 candidates (project forms must have one: rule T6).</summary>
    public static IReadOnlyList<IndicatorTemplate> Costs { get; } =
    [
        new("成本指标", "人均培训成本", Shape.Reverse, "元", 300, 900),
        new("成本指标", "单位面积养护成本", Shape.Reverse, "元", 20, 60),
        new("成本指标", "单次活动平均成本", Shape.Reverse, "元", 2000, 9000),
        new("成本指标", "设备单台维护成本", Shape.Reverse, "元", 500, 3000),
    ];

    /// <summary>效益指标 candidates (社会效益, 可持续影响, 经济效益).</summary>
    public static IReadOnlyList<IndicatorTemplate> Benefits { get; } =
    [
        new("社会效益指标", "问题整改完成率", Shape.Rate, "%", 78, 90),
        new("社会效益指标", "政策知晓率", Shape.Rate, "%", 70, 86),
        new("社会效益指标", "重大安全事故发生数", Shape.ZeroCount, "起", 0, 0),
        new("社会效益指标", "社会秩序改善情况", Shape.Qualitative, "改善", 0, 0),
        new("社会效益指标", "公共服务水平", Shape.Qualitative, "提升", 0, 0),
        new("社会效益指标", "惠及辖区居民人数", Shape.Count, "人", 2000, 30000),
        new("社会效益指标", "隐患整改闭环率", Shape.Rate, "%", 80, 90),
        new("经济效益指标", "带动社会投入金额数", Shape.Count, "万元", 40, 400),
        new("可持续影响指标", "长效管理机制健全性", Shape.Qualitative, "健全", 0, 0),
        new("可持续影响指标", "制度规范修订项数", Shape.Count, "项", 20, 60),
    ];

    /// <summary>满意度指标 candidates.</summary>
    public static IReadOnlyList<IndicatorTemplate> Satisfactions { get; } =
    [
        new("服务对象满意度指标", "服务对象满意度", Shape.Satisfaction, "%", 85, 90),
        new("服务对象满意度指标", "辖区群众满意度", Shape.Satisfaction, "%", 85, 90),
    ];

    /// <summary>Department names of a fictional district (every unit name contains 示例).</summary>
    public static IReadOnlyList<string> Departments { get; } =
    [
        "教育局", "卫生健康委员会", "城市运行管理中心", "民政局", "文化和旅游局", "体育局", "生态环境局", "水务局",
        "绿化和市容管理局", "人力资源和社会保障局", "退役军人事务局", "司法局", "应急管理局", "市场监督管理局",
        "城市管理行政执法局", "农业农村委员会", "住房保障和房屋管理局", "科学技术委员会", "商务委员会", "统计局",
        "医疗保障局", "档案局", "规划和自然资源局", "建设和管理委员会", "地区办公室", "图书馆", "文化馆", "青少年活动中心",
        "社区事务受理服务中心", "疾病预防控制中心", "城市网格化综合管理中心", "公共资源交易中心",
    ];

    /// <summary>Towns of the fictional district, for units beyond the department list.</summary>
    public static IReadOnlyList<string> Towns { get; } =
        ["东湖镇", "西岭镇", "南港街道", "北苑街道", "青溪镇", "白沙镇", "长林街道", "金桥镇", "临江街道", "丰原镇"];

    /// <summary>Town-level offices.</summary>
    public static IReadOnlyList<string> TownOffices { get; } =
        ["城市运行管理中心", "社区事务受理服务中心", "综合行政执法队", "文化活动中心", "社区卫生服务中心", "农业服务中心"];

    /// <summary>Project names (项目名称).</summary>
    public static IReadOnlyList<string> Projects { get; } =
    [
        "社区文化活动经费", "老旧小区综合治理", "智慧城市运维服务", "校园安全设施改造", "公共卫生应急物资储备",
        "河道保洁养护", "为老服务补贴", "就业技能培训补贴", "垃圾分类宣传推广", "消防设施更新维护", "网格化巡查服务购买",
        "绿地养护管理", "基层法律服务", "防汛防台物资储备", "全民健身设施维护", "档案数字化加工",
    ];
}
