using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The dashboard in real headless Chromium: the supervisor's daily path, screenshots kept under
/// artifacts/screenshots.</summary>
public sealed partial class EndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Overview_Opens_ShowsQueueAndCharts()
    {
        var page = await browser.NewPageAsync();

        await BrowserFixture.GotoAsync(page, "/");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("总览");
        await Assertions.Expect(page.GetByTestId("queue").Locator("a").First).ToContainTextAsync("虹桥镇");
        await Assertions.Expect(page.GetByTestId("chart-score").Locator("svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("chart-heatmap").Locator("svg")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "01-overview");
    }

    [Fact]
    public async Task Findings_FilterBySeverity_ShowsOnlyHighAndOpensFormAtFlaggedRow()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoAsync(page, "/findings");
        var before = await CountAsync(page);

        await page.GetByTestId("filter-severity").SelectOptionAsync("High");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("severity=High"));
        await Assertions.Expect(page.GetByTestId("findings-count")).Not.ToHaveTextAsync($"共 {before} 条");

        var after = await CountAsync(page);
        Assert.InRange(after, 1, before - 1);
        var badges = await page.GetByTestId("findings-grid").Locator("span.sev").AllTextContentsAsync();
        Assert.NotEmpty(badges);
        Assert.All(badges, b => Assert.Equal("高", b));
        await BrowserFixture.ScreenshotAsync(page, "02-findings-high");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync(), Encoding.UTF8);
        Assert.Equal(after + 1, csv.Count(l => l.Length > 0));

        var link = page.GetByTestId("open-form").First;
        var href = await link.GetAttributeAsync("href");
        Assert.Matches("^forms/\\d+\\?line=\\d+", href);
        await link.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/forms/\\d+\\?line="));
        var target = page.Locator("tr.flagged.target");
        await Assertions.Expect(target).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("provenance")).ToContainTextAsync(".txt");
        await BrowserFixture.ScreenshotAsync(page, "03-form-flagged-row", fullPage: false);
        await BrowserFixture.ScreenshotAsync(page, "03-form-whole");
    }

    [Fact]
    public async Task Review_ConfirmWithNote_PersistsAfterReload()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoAsync(page, "/findings?severity=Medium");
        var href = await page.GetByTestId("review-link").First.GetAttributeAsync("href");
        Assert.Matches("^review/\\d+$", href);

        await BrowserFixture.GotoAsync(page, "/" + href);
        // The reviewer is the signed-in user (single-user mode: the local administrator), not a typed name.
        await Assertions.Expect(page.GetByTestId("reviewer")).ToContainTextAsync(DashboardFactory.LocalUserName);
        await page.GetByTestId("review-note").FillAsync("已与单位核对，确认执行率有误");
        await page.GetByTestId("review-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-message")).ToHaveTextAsync("已保存。");

        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator(".shell[data-interactive=true]").WaitForAsync();
        var history = page.GetByTestId("review-history");
        await Assertions.Expect(history).ToContainTextAsync("王审计");
        await Assertions.Expect(history).ToContainTextAsync("已与单位核对，确认执行率有误");
        await Assertions.Expect(page.GetByTestId("review-panel").Locator(".rev.Confirmed").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("recent-reviews")).ToContainTextAsync("王审计");
        await BrowserFixture.ScreenshotAsync(page, "04-review");

        await BrowserFixture.GotoAsync(page, "/findings?review=Confirmed");
        await Assertions.Expect(page.GetByTestId("findings-count")).ToHaveTextAsync("共 1 条");
    }

    [Fact]
    public async Task Import_UploadNewFormAndBadFile_ReportsEachFile()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoAsync(page, "/import");
        var form = File.ReadAllText(TestData.ReferencePath, Encoding.UTF8)
            .Replace("上海市闵行区虹桥镇城市运行管理中心", "上海市测试区上传测试中心", StringComparison.Ordinal);

        await page.GetByTestId("upload").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "2024_upload-test.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(form) },
            new FilePayload { Name = "notes.exe", MimeType = "application/octet-stream", Buffer = [1, 2, 3] },
        });

        var results = page.GetByTestId("import-results").First;
        await Assertions.Expect(results).ToContainTextAsync("上海市测试区上传测试中心", new() { Timeout = 60_000 });
        await Assertions.Expect(results).ToContainTextAsync("新增");
        await Assertions.Expect(results).ToContainTextAsync("file type not accepted");
        await Assertions.Expect(page.GetByTestId("import-analysis")).ToContainTextAsync("分析");
        await BrowserFixture.ScreenshotAsync(page, "05-import");

        await BrowserFixture.GotoAsync(page, "/findings?unit=" + Uri.EscapeDataString("上传测试中心"));
        Assert.True(await CountAsync(page) > 0);
    }

    [Fact]
    public async Task UnitsAndExplanations_Open_ShowChartAndGroups()
    {
        var page = await browser.NewPageAsync();

        await BrowserFixture.GotoAsync(page, "/units");
        await Assertions.Expect(page.GetByTestId("unit-trend").Locator("svg")).ToBeVisibleAsync();
        await page.GetByTestId("unit-measure").SelectOptionAsync("TotalScore");
        await Assertions.Expect(page.GetByTestId("unit-trend")).ToContainTextAsync("自评总分");
        await BrowserFixture.ScreenshotAsync(page, "06-units");

        await BrowserFixture.GotoAsync(page, "/explanations");
        await Assertions.Expect(page.GetByTestId("explanation-groups")).ToContainTextAsync("E");
        await Assertions.Expect(page.GetByTestId("explanation-findings")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "07-explanations-groups");
        await page.GetByTestId("explanation-all").ClickAsync();
        await page.GetByTestId("explanation-search").FillAsync("需求");
        await page.GetByTestId("explanation-search-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("explanations")).ToContainTextAsync("需求");
        await BrowserFixture.ScreenshotAsync(page, "07-explanations-search");
    }

    [Fact]
    public async Task LanguageSwitch_English_ShowsEnglishNavigation()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.GotoAsync(page, "/findings");

        await page.GetByTestId("lang-switch").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/findings$"));

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Findings");
        await Assertions.Expect(page.Locator(".mainnav")).ToContainTextAsync("Overview");
        await BrowserFixture.ScreenshotAsync(page, "08-findings-english");
    }

    /// <summary>The grid's total, once its first page has loaded (the grid loads after the circuit is up).</summary>
    // URLs are checked with Expect(page).ToHaveURLAsync: Blazor navigates in place (history.pushState), often before
    // a WaitForURL would start listening.
    private static async Task<int> CountAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("open-form").First).ToBeVisibleAsync();
        var text = await page.GetByTestId("findings-count").TextContentAsync() ?? "";
        return int.Parse(Digits().Match(text).Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("\\d+")]
    private static partial Regex Digits();
}
