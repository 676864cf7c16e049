using System.Globalization;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Dashboard.Localization;

/// <summary>
/// The UI's words in Chinese (default) and English, by key. The language is the request culture, chosen by the
/// culture cookie (<c>/culture/en</c>, <c>/culture/zh-CN</c>); a Blazor circuit keeps the culture of the request that
/// opened it.
/// </summary>
public sealed class UiText
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text for <paramref name="key"/> in the current language; the key itself when there is none
    /// (visible, so a missing entry is noticed).</summary>
    public string this[string key] =>
        Table.TryGetValue(key, out var t) ? (IsEnglish ? t.En : t.Zh) : key;

    /// <summary>Formats the text for <paramref name="key"/> with invariant numbers.</summary>
    public string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, this[key], args);

    public string Severity(Severity s) => this["severity." + s];

    public string Review(ReviewStatus s) => this["review." + s];

    public string Kind(FormKind k) => this["kind." + k];

    /// <summary>Picks the Chinese or English variant of a stored text (rule titles, finding messages).</summary>
    public static string Pick(string zh, string en) => IsEnglish && en.Length > 0 ? en : zh;

    public static IReadOnlyDictionary<string, (string Zh, string En)> Table { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["app.title"] = ("绩效自评表分析", "Performance self-evaluation analytics"),
            ["nav.overview"] = ("总览", "Overview"),
            ["nav.findings"] = ("发现", "Findings"),
            ["nav.review"] = ("审阅", "Review"),
            ["nav.units"] = ("单位", "Units"),
            ["nav.explanations"] = ("说明", "Explanations"),
            ["nav.import"] = ("导入", "Import"),
            ["lang.switch"] = ("English", "中文"),
            ["loading"] = ("加载中…", "Loading…"),
            ["none"] = ("无", "None"),
            ["any"] = ("全部", "Any"),
            ["error.title"] = ("出错了", "Something went wrong"),
            ["error.text"] = ("请求未能完成。请刷新页面；若问题仍在，请查看服务器日志。", "The request could not be completed. Reload the page; if the problem persists, see the server log."),
            ["notfound.title"] = ("页面不存在", "Page not found"),
            ["notfound.text"] = ("没有这个页面。", "There is no such page."),
            ["blazor.error"] = ("发生错误，页面需要重新加载。", "An error occurred; the page needs to be reloaded."),
            ["blazor.reload"] = ("重新加载", "Reload"),

            ["unit"] = ("单位", "Unit"),
            ["year"] = ("年度", "Year"),
            ["kind"] = ("类型", "Kind"),
            ["project"] = ("项目", "Project"),
            ["rule"] = ("规则", "Rule"),
            ["severity"] = ("严重程度", "Severity"),
            ["line"] = ("行", "Line"),
            ["indicator"] = ("指标", "Indicator"),
            ["message"] = ("说明", "Message"),
            ["evidence"] = ("证据", "Evidence"),
            ["review"] = ("审阅", "Review"),
            ["reviewer"] = ("审阅人", "Reviewer"),
            ["note"] = ("备注", "Note"),
            ["open"] = ("打开", "Open"),
            ["form"] = ("表单", "Form"),
            ["forms"] = ("表单", "Forms"),
            ["units"] = ("单位", "Units"),
            ["years"] = ("年度", "Years"),
            ["findings"] = ("发现", "Findings"),
            ["score"] = ("总分", "Total score"),
            ["outlier"] = ("异常评分", "Outlier score"),
            ["search"] = ("搜索", "Search"),
            ["apply"] = ("筛选", "Apply"),
            ["reset"] = ("清除", "Reset"),
            ["text"] = ("文本", "Text"),
            ["at"] = ("时间", "Time"),
            ["status"] = ("状态", "Status"),

            ["severity.High"] = ("高", "High"),
            ["severity.Medium"] = ("中", "Medium"),
            ["severity.Low"] = ("低", "Low"),
            ["severity.min"] = ("最低严重程度", "Minimum severity"),
            ["review.Open"] = ("未审阅", "Open"),
            ["review.Confirmed"] = ("已确认", "Confirmed"),
            ["review.Dismissed"] = ("已排除", "Dismissed"),
            ["review.FollowUp"] = ("待跟进", "Follow-up"),
            ["kind.DepartmentOverall"] = ("部门整体", "Department-wide"),
            ["kind.Project"] = ("项目支出", "Project"),

            ["overview.title"] = ("总览", "Overview"),
            ["overview.lastrun"] = ("最近一次分析：{0}，{1} 条规则", "Last analysis: {0}, {1} rules"),
            ["overview.norun"] = ("尚未分析。请在“导入”页导入表单。", "Not analysed yet. Import forms on the Import page."),
            ["overview.queue"] = ("复核队列", "Review queue"),
            ["overview.queue.hint"] = ("按高、中严重程度发现数、PCA 异常评分（ML1）和低严重程度发现数排序：先看排在前面的表单。", "Ordered by High and Medium findings, the PCA outlier score (ML1), then Low findings: look at the top forms first."),
            ["overview.reviewed"] = ("已审阅", "Reviewed"),
            ["overview.empty"] = ("数据库中还没有表单。", "There are no forms in the database yet."),
            ["chart.score.title"] = ("自评总分分布", "Distribution of total scores"),
            ["chart.score.x"] = ("总分（虚线：60/80/90 等级线）", "Total score (dashed: grade cut-offs 60/80/90)"),
            ["chart.forms"] = ("表单数", "Forms"),
            ["chart.rows"] = ("指标数", "Indicators"),
            ["chart.completion.title"] = ("完成率分布（实际值 ÷ 目标值）", "Completion ratio (actual ÷ target)"),
            ["chart.completion.x"] = ("完成率 %（虚线：100%）", "Completion % (dashed: 100%)"),
            ["chart.heatmap.title"] = ("发现数：单位 × 年度（发现最多的单位）", "Findings by unit and year (units with most findings)"),

            ["findings.title"] = ("发现", "Findings"),
            ["findings.export"] = ("导出", "Export"),
            ["findings.count"] = ("共 {0} 条", "{0} findings"),
            ["findings.text.placeholder"] = ("在说明和指标中搜索", "Search messages and indicators"),
            ["findings.unit.placeholder"] = ("单位名称包含", "Unit name contains"),
            ["findings.empty"] = ("没有符合条件的发现。", "No findings match."),

            ["form.title"] = ("表单", "Form"),
            ["form.notfound"] = ("没有这张表单。", "There is no such form."),
            ["form.previous"] = ("上一年", "Previous year"),
            ["form.next"] = ("下一年", "Next year"),
            ["form.source"] = ("来源", "Source"),
            ["form.ingested"] = ("导入时间", "Ingested"),
            ["form.budget"] = ("预算执行情况", "Budget"),
            ["form.goals"] = ("年度总体目标", "Annual goals"),
            ["form.goals.planned"] = ("预期目标", "Planned"),
            ["form.goals.achieved"] = ("实际完成情况", "Achieved"),
            ["form.indicators"] = ("绩效指标", "Indicators"),
            ["form.level1"] = ("一级指标", "Level 1"),
            ["form.level2"] = ("二级指标", "Level 2"),
            ["form.level3"] = ("三级指标", "Indicator"),
            ["form.target"] = ("年度指标值", "Target"),
            ["form.actual"] = ("实际完成值", "Actual"),
            ["form.points"] = ("分值", "Points"),
            ["form.scored"] = ("得分", "Score"),
            ["form.ratio"] = ("完成率（重算）", "Completion (recomputed)"),
            ["form.expected"] = ("应得分（重算）", "Expected score (recomputed)"),
            ["form.explanation"] = ("偏差原因分析", "Deviation explanation"),
            ["form.category"] = ("项目", "Item"),
            ["form.initial"] = ("年初预算数", "Initial budget"),
            ["form.annual"] = ("全年预算数", "Annual budget"),
            ["form.executed"] = ("全年执行数", "Executed"),
            ["form.rate.reported"] = ("执行率（填报）", "Rate (reported)"),
            ["form.rate.recomputed"] = ("执行率（重算 B/A）", "Rate (recomputed B/A)"),
            ["form.total"] = ("总分", "Total"),
            ["form.total.recomputed"] = ("得分合计（重算）", "Sum of scores (recomputed)"),
            ["form.grade"] = ("自评等级", "Grade"),
            ["form.formlevel"] = ("表单级发现", "Form-level findings"),
            ["form.notes"] = ("备注", "Notes"),
            ["form.missed"] = ("未达成", "Missed"),
            ["form.noexplanation"] = ("未达成但无偏差说明", "Missed without an explanation"),
            ["form.clean"] = ("本表没有发现。", "No findings on this form."),

            ["review.title"] = ("审阅", "Review"),
            ["review.as"] = ("审阅人：{0}（当前登录用户）", "Reviewing as {0} (the signed-in user)"),
            ["review.readonly"] = ("只读账户不能更改审阅状态。", "A read-only account cannot change review states."),
            ["review.conflict"] = ("未保存：加载后 {0} 已将此发现改为“{1}”。已重新加载，请确认后再操作。", "Not saved: {0} changed this finding to '{1}' after you loaded it. It has been reloaded; review again if still needed."),
            ["review.confirm"] = ("确认", "Confirm"),
            ["review.dismiss"] = ("排除", "Dismiss"),
            ["review.followup"] = ("待跟进", "Follow up"),
            ["review.reopen"] = ("重新打开", "Reopen"),
            ["review.history"] = ("审阅记录", "History"),
            ["review.nohistory"] = ("尚无审阅记录。", "Not reviewed yet."),
            ["review.saved"] = ("已保存。", "Saved."),
            ["review.gone"] = ("该发现已不存在（可能在重新分析后不再成立）。", "This finding no longer exists (it may no longer hold after re-analysis)."),
            ["review.recent"] = ("最近的审阅", "Recent reviews"),
            ["review.open.list"] = ("待审阅的发现", "Open findings"),
            ["review.current"] = ("当前状态", "Current status"),

            ["units.title"] = ("单位跨年度比较", "Units across years"),
            ["units.measure"] = ("指标", "Measure"),
            ["units.choose"] = ("选择单位（最多 8 个）", "Choose units (at most 8)"),
            ["units.search"] = ("按名称查找单位", "Find units by name"),
            ["units.history"] = ("跨年度指标（同名同单位）", "Indicators across years (same name and unit)"),
            ["units.history.none"] = ("没有在两个以上年度出现的指标。", "No indicator appears in two or more years."),
            ["units.table"] = ("各年度数值", "Values by year"),
            ["measure.ExecutionRate"] = ("预算执行率 %", "Execution rate %"),
            ["measure.TotalScore"] = ("自评总分", "Total score"),
            ["measure.ExactShare"] = ("恰好达标指标占比 %", "Targets met exactly %"),
            ["measure.Findings"] = ("发现数", "Findings"),
            ["peers.title"] = ("同类比较", "Position among peers"),
            ["peers.note"] = ("同年度、同类表单之间比较：单位名称指明区县时与同区县单位比较，否则与该年度该类全部单位比较。名次按数值从高到低；百分位为同类中数值低于本单位的占比。", "Compared with the forms of the same year and kind: within the district the unit's name names, otherwise with all units of that year and kind. Rank counts from the highest value; the percentile is the share of peers with a lower value."),
            ["peers.group"] = ("比较范围", "Peer group"),
            ["peers.all"] = ("全部单位（名称未指明区县）", "All units (the name names no district)"),
            ["peers.size"] = ("同类表单数", "Peer forms"),
            ["peers.rank"] = ("第 {0}/{1} 名 · P{2}", "rank {0}/{1} · P{2}"),
            ["peers.none"] = ("尚无同类比较数据（分析后生成）。", "No peer data yet (made by the analysis)."),
            ["peers.nochart"] = ("同类表单不足两份，无百分位可画。", "Fewer than two peer forms: no percentile to chart."),
            ["peers.chart.title"] = ("同类中的百分位", "Percentile among peers"),
            ["peers.percentile"] = ("百分位", "Percentile"),

            ["explanations.title"] = ("偏差原因说明", "Deviation explanations"),
            ["explanations.search"] = ("搜索说明文本", "Search explanation text"),
            ["explanations.groups"] = ("说明问题分组（E 类规则）", "Explanation problems (E rules)"),
            ["explanations.all"] = ("全部说明", "All explanations"),
            ["explanations.none"] = ("没有符合条件的说明。", "No explanations match."),
            ["explanations.nogroups"] = ("没有 E 类发现。", "No E-rule findings."),

            ["import.title"] = ("导入表单", "Import forms"),
            ["import.hint"] = ("可一次上传多个文件（最多 {0} 个，每个不超过 {1} MB，类型：{2}）。导入后自动重新分析。", "Upload one or many files (at most {0}, each up to {1} MB; types: {2}). The forms are analysed after import."),
            ["import.running"] = ("正在导入和分析…", "Importing and analysing…"),
            ["import.result"] = ("导入结果", "Result"),
            ["import.file"] = ("文件", "File"),
            ["import.outcome"] = ("结果", "Outcome"),
            ["import.detail"] = ("详情", "Detail"),
            ["import.analysis"] = ("分析：{0} 张表单，{1} 条发现", "Analysis: {0} forms, {1} findings"),
            ["import.noanalysis"] = ("没有新增或替换的表单，无需重新分析。", "No form added or replaced: no new analysis needed."),
            ["import.startup"] = ("启动时导入", "Start-up ingest"),
            ["import.startup.summary"] = ("{0} 个文件：新增 {1}，未变 {2}，替换 {3}，失败 {4}", "{0} files: {1} added, {2} unchanged, {3} replaced, {4} failed"),
            ["outcome.Added"] = ("新增", "added"),
            ["outcome.Unchanged"] = ("未变", "unchanged"),
            ["outcome.Replaced"] = ("替换", "replaced"),
            ["outcome.Failed"] = ("失败", "failed"),
            ["import.denied"] = ("只读账户不能导入文件。", "A read-only account cannot import files."),

            ["nav.users"] = ("用户", "Users"),
            ["nav.audit"] = ("审计", "Audit"),
            ["auth.signin"] = ("登录", "Sign in"),
            ["auth.signout"] = ("退出", "Sign out"),
            ["auth.username"] = ("用户名", "User name"),
            ["auth.password"] = ("密码", "Password"),
            ["auth.failed"] = ("用户名或密码不正确。", "Wrong user name or password."),
            ["auth.locked"] = ("登录失败次数过多，账户已锁定 15 分钟（管理员可用 perfeval users unlock 解锁）。", "Too many failed sign-ins: the account is locked for 15 minutes (an administrator can run perfeval users unlock)."),
            ["auth.singleuser"] = ("单用户模式：无需登录，所有操作记在本机管理员名下。", "Single-user mode: no sign-in needed; every action is recorded under the local administrator."),
            ["auth.denied"] = ("无权访问：当前账户的角色不允许此操作。", "Access denied: your role does not allow this."),
            ["auth.hint"] = ("账户由管理员创建（perfeval users add）。", "Accounts are created by an administrator (perfeval users add)."),
            ["role.Admin"] = ("管理员", "Administrator"),
            ["role.Reviewer"] = ("审阅员", "Reviewer"),
            ["role.ReadOnly"] = ("只读", "Read-only"),

            ["users.title"] = ("用户管理", "Users"),
            ["users.add"] = ("添加用户", "Add user"),
            ["users.role"] = ("角色", "Role"),
            ["users.locked"] = ("已锁定", "Locked"),
            ["users.failed"] = ("失败次数", "Failed sign-ins"),
            ["users.setrole"] = ("设置角色", "Set role"),
            ["users.unlock"] = ("解锁", "Unlock"),
            ["users.remove"] = ("删除", "Remove"),
            ["users.password"] = ("重设密码", "Set password"),
            ["users.remove.confirm"] = ("删除用户 {0}？其审阅记录和审计记录会保留。", "Remove user {0}? Their reviews and audit entries stay."),
            ["users.done"] = ("已完成。", "Done."),

            ["audit.title"] = ("审计记录", "Audit trail"),
            ["audit.actor"] = ("操作人", "Actor"),
            ["audit.action"] = ("操作", "Action"),
            ["audit.from"] = ("起始日期", "From"),
            ["audit.to"] = ("截止日期", "To"),
            ["audit.text"] = ("文本", "Text"),
            ["audit.target"] = ("对象", "Target"),
            ["audit.summary"] = ("内容", "Summary"),
            ["audit.before"] = ("之前", "Before"),
            ["audit.after"] = ("之后", "After"),
            ["audit.none"] = ("没有符合条件的记录。", "No entries match."),
            ["audit.export"] = ("导出 CSV", "Export CSV"),
        };

    /// <summary>The role's display name (管理员, 审阅员, 只读).</summary>
    public string Role(string role) => this["role." + role];
}
