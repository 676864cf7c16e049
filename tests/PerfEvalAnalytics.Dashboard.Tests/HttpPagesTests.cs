using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Every page over HTTP (prerendered): 200 and its Chinese text; the export and language endpoints.</summary>
public sealed class HttpPagesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string ReferenceUnit = "上海市闵行区虹桥镇城市运行管理中心";

    [Theory]
    [MemberData(nameof(DashboardPages.All), MemberType = typeof(DashboardPages))]
    public async Task Page_Get_ReturnsOkWithChineseText(string path, string expected)
    {
        var html = await GetTextAsync(path);

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains("绩效自评表分析", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_SampleData_ShowsCountsQueueAndCharts()
    {
        var html = await GetTextAsync("/");

        Assert.Contains(ReferenceUnit, html, StringComparison.Ordinal);
        Assert.Contains("自评总分分布", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_FlaggedForm_ShowsTableFindingsAndProvenance()
    {
        var row = await FirstFindingAsync(new FindingFilter(MinSeverity: Severity.Medium));

        var html = await GetTextAsync($"/forms/{row.FormId}?line={row.Line}");

        Assert.Contains("偏差原因分析", html, StringComparison.Ordinal);
        Assert.Contains("全年预算数", html, StringComparison.Ordinal);
        Assert.Contains(".txt", html, StringComparison.Ordinal);
        Assert.Contains(row.Message, html, StringComparison.Ordinal);
        Assert.Contains($"id=\"line-{row.Line}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_UnknownId_SaysNotFound()
    {
        var html = await GetTextAsync("/forms/999999");

        Assert.Contains("没有这张表单", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_CsvWithFilter_HoldsExactlyTheFilteredFindings()
    {
        var filter = new FindingFilter(MinSeverity: Severity.Medium);
        var total = (await Grid.PageAsync(new FindingsPageRequest(filter), CancellationToken.None)).Total;
        using var client = factory.CreateClient();

        var bytes = await client.GetByteArrayAsync(new Uri("/export/findings?format=csv&severity=Medium",
            UriKind.Relative));

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Contains("规则 Rule", text, StringComparison.Ordinal);
        Assert.True(total > 0);
        var records = CsvHelperRecords(text);
        Assert.Equal(total, records);
    }

    [Fact]
    public async Task Export_Xlsx_IsAZipWorkbook()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/export/findings?format=xlsx", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
    }

    [Fact]
    public async Task Culture_English_PagesSwitchToEnglish()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/culture/en?redirect=/findings", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Minimum severity", html, StringComparison.Ordinal);
        Assert.DoesNotContain("最低严重程度", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Culture_ForeignRedirect_GoesHome()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/culture/en?redirect=//example.org/x", UriKind.Relative));

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    private FindingsGridQuery Grid => factory.Services.GetRequiredService<FindingsGridQuery>();

    private async Task<FindingRow> FirstFindingAsync(FindingFilter filter)
    {
        var page = await Grid.PageAsync(new FindingsPageRequest(filter, Take: 50), CancellationToken.None);
        return page.Items.First(r => r.Line is not null && r.Indicator is not null);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Prerendering entity-encodes Chinese (&#x8D22;): decode before looking for text.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static int CsvHelperRecords(string text)
    {
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var n = 0;
        while (csv.Read())
        {
            n++;
        }

        return n;
    }
}
