namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Every page with a Chinese text it must show, for the HTTP tests on each provider.</summary>
public static class DashboardPages
{
    public static TheoryData<string, string> All { get; } = new()
    {
        { "/", "复核队列" },
        { "/findings", "最低严重程度" },
        { "/findings?q=原因&severity=Low", "最低严重程度" },
        { "/review", "最近的审阅" },
        { "/units", "单位跨年度比较" },
        { "/units", "同类比较" },
        { "/explanations", "说明问题分组" },
        { "/import", "导入表单" },
        { "/audit", "审计记录" },
        { "/users", "用户管理" },
        { "/settings", "执行率计算错误" },
    };
}
