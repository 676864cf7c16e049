using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The dashboard on PostgreSQL: it ingests and analyses the samples into the server at start, and every
/// page and query service answers from there.</summary>
public sealed class PostgresPagesTests(PostgresDashboardFactory factory) : IClassFixture<PostgresDashboardFactory>
{
    private const string ReferenceUnit = "上海市闵行区虹桥镇城市运行管理中心";

    [Fact]
    public void Store_IsPostgreSql()
    {
        var store = factory.Services.GetRequiredService<PerfEvalStore>();

        Assert.Equal(DatabaseProvider.PostgreSQL, store.Provider);
        Assert.StartsWith("postgresql://127.0.0.1:", store.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardPages.All), MemberType = typeof(DashboardPages))]
    public async Task Page_Get_ReturnsOkWithChineseText(string path, string expected)
    {
        var html = await GetTextAsync(path);

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_ShowsQueueAndCharts()
    {
        var html = await GetTextAsync("/");

        Assert.Contains(ReferenceUnit, html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_FlaggedForm_ShowsFindingsAndExpectedScores()
    {
        var grid = factory.Services.GetRequiredService<FindingsGridQuery>();
        var row = (await grid.PageAsync(new FindingsPageRequest(new FindingFilter(Rule: "C1"), Take: 1),
            CancellationToken.None)).Items[0];

        var html = await GetTextAsync($"/forms/{row.FormId}?line={row.Line}");

        Assert.Contains(row.Message, html, StringComparison.Ordinal);
        Assert.Contains("应得分（重算）", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"expected-score\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Csv_HoldsTheFindings()
    {
        using var client = await TestSignIn.AdminClientAsync(factory);

        var text = await client.GetStringAsync(new Uri("/export/findings?format=csv&q=原因", UriKind.Relative));

        Assert.Contains("规则 Rule", text, StringComparison.Ordinal);
        Assert.Contains("原因", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryServices_AnswerFromPostgreSql()
    {
        var services = factory.Services;
        var grid = services.GetRequiredService<FindingsGridQuery>();
        var all = await grid.PageAsync(new FindingsPageRequest(new FindingFilter()), CancellationToken.None);
        var overview = services.GetRequiredService<OverviewQuery>();
        var explanations = services.GetRequiredService<ExplanationsQuery>();

        Assert.True(all.Total > 0);
        Assert.NotEmpty(await grid.RulesAsync(CancellationToken.None));
        Assert.NotEmpty((await overview.ReviewQueueAsync(0, 10, CancellationToken.None)).Items);
        Assert.Contains((await overview.CompletionHistogramAsync(2, 50, 150, CancellationToken.None)), b => b.Count > 0);
        Assert.Contains((await overview.ScoreHistogramAsync(1, CancellationToken.None)), b => b.Count > 0);
        Assert.NotEqual(0, (await explanations.SearchAsync("延期", 0, 5, CancellationToken.None)).Total);
        Assert.NotEmpty(await explanations.GroupsAsync(CancellationToken.None));
        var units = services.GetRequiredService<UnitTrendsQuery>();
        var unit = Assert.Single(await units.SearchAsync(ReferenceUnit, 5, CancellationToken.None));
        Assert.NotEmpty(await units.TrendsAsync([unit.Id], CancellationToken.None));
        Assert.Equal(all.Total, (await grid.PageAsync(new FindingsPageRequest(new FindingFilter(
            Review: Data.Entities.ReviewStatus.Open)), CancellationToken.None)).Total);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var client = await TestSignIn.AdminClientAsync(factory);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
