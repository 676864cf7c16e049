using Microsoft.Playwright;
using static PerfEvalAnalytics.Dashboard.Tests.AccountsDashboardFactory;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>The browser in accounts mode (a real server on loopback, one account per role).</summary>
public sealed class AccountsBrowserFixture() : BrowserFixture(new AccountsDashboardFactory())
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ((AccountsDashboardFactory)Factory).InitializeAsync();
    }
}

/// <summary>Sign-in, the roles as a user sees them, and sign-out, in headless Chromium.</summary>
public sealed class AccountsEndToEndTests(AccountsBrowserFixture browser) : IClassFixture<AccountsBrowserFixture>
{
    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GetByTestId("signin-user").FillAsync(user);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
    }

    /// <summary>A new browser page signed in as <paramref name="user"/>, live at <paramref name="path"/>.</summary>
    private async Task<IPage> SignedInPageAsync(string user, string path)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, user, Password);
        await page.Locator(".shell[data-interactive=true]").WaitForAsync();
        await BrowserFixture.GotoAsync(page, path);
        return page;
    }

    [Fact]
    public async Task Reviewer_SignsInFromADeepLink_ReviewsAsThemselves_AndSignsOut()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/findings?severity=Medium");
        await Assertions.Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await SignInAsync(page, Reviewer, "wrong password!");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("用户名或密码不正确。");
        await BrowserFixture.ScreenshotAsync(page, "07-signin-failed");

        await SignInAsync(page, Reviewer, Password);
        await page.Locator(".shell[data-interactive=true]").WaitForAsync();
        Assert.EndsWith("/findings?severity=Medium", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync($"{Reviewer} · 审阅员");
        await Assertions.Expect(page.Locator(".mainnav")).Not.ToContainTextAsync("审计");

        var href = await page.GetByTestId("review-link").First.GetAttributeAsync("href");
        await BrowserFixture.GotoAsync(page, "/" + href);
        await Assertions.Expect(page.GetByTestId("reviewer")).ToContainTextAsync(Reviewer);
        await page.GetByTestId("review-followup").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-message")).ToHaveTextAsync("已保存。");
        await Assertions.Expect(page.GetByTestId("review-history")).ToContainTextAsync(Reviewer);

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        await page.GotoAsync("/review");
        await Assertions.Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ReadOnly_SeesNoReviewButtonsOrImport_AndAdminSeesTheAuditTrail()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsync(page, ReadOnly, Password);
        await page.Locator(".shell[data-interactive=true]").WaitForAsync();
        await BrowserFixture.GotoAsync(page, "/findings?severity=Medium");
        var href = await page.GetByTestId("review-link").First.GetAttributeAsync("href");
        await BrowserFixture.GotoAsync(page, "/" + href);
        await Assertions.Expect(page.GetByTestId("review-readonly")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("review-confirm")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mainnav")).Not.ToContainTextAsync("导入");

        var admin = await SignedInPageAsync(Admin, "/audit");
        await admin.GetByTestId("audit-action").SelectOptionAsync("user.add");
        await admin.GetByTestId("audit-apply").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("audit")).ToContainTextAsync($"added user {ReadOnly} as ReadOnly");
        await BrowserFixture.ScreenshotAsync(admin, "08-audit");
    }

    [Fact]
    public async Task Admin_AddsAnAccountOnTheUsersPage_WhichCanThenSignIn()
    {
        var admin = await SignedInPageAsync(Admin, "/users");
        await admin.GetByTestId("new-user").FillAsync("赵新人");
        await admin.GetByTestId("new-password").FillAsync("a brand new password");
        await admin.GetByTestId("add-user").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("users")).ToContainTextAsync("赵新人");
        await BrowserFixture.ScreenshotAsync(admin, "09-users");

        var newcomer = await browser.NewPageAsync();
        await newcomer.GotoAsync("/signin");
        await SignInAsync(newcomer, "赵新人", "a brand new password");
        await Assertions.Expect(newcomer.GetByTestId("user-name")).ToHaveTextAsync("赵新人 · 审阅员");
    }

    [Fact]
    public async Task Admin_SwitchesARuleOffOnTheSettingsPage_SavesAndAnalysesAgain_EditsSchemes_AndRestoresDefaults()
    {
        var admin = await SignedInPageAsync(Admin, "/settings");
        await Assertions.Expect(admin.GetByTestId("settings-source")).ToContainTextAsync("规则文件");
        await Assertions.Expect(admin.Locator("[data-testid^=rule-]")).ToHaveCountAsync(PerfEvalAnalytics.Analysis.RuleCatalog.RuleTypes.Count);
        await BrowserFixture.ScreenshotAsync(admin, "10-settings");
        await admin.GetByTestId("settings-filter").FillAsync("S5");
        await Assertions.Expect(admin.Locator("[data-testid^=rule-]")).ToHaveCountAsync(1);

        await admin.GetByTestId("enabled-S5").UncheckAsync();
        await admin.GetByTestId("setting-S5-ExtraTolerancePp").FillAsync("0.05");
        await admin.GetByTestId("setting-S5-ExtraTolerancePp").DispatchEventAsync("change");
        await admin.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("settings-message")).ToContainTextAsync("已保存为第 1 版，更改 2 项");
        await Assertions.Expect(admin.GetByTestId("settings-source")).ToContainTextAsync($"数据库中的第 1 版，由 {Admin}");
        await Assertions.Expect(admin.GetByTestId("settings-source")).ToContainTextAsync("请重新分析");
        await Assertions.Expect(admin.GetByTestId("enabled-S5")).Not.ToBeCheckedAsync();

        await admin.GetByTestId("settings-rerun").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("settings-message")).ToContainTextAsync("分析完成");
        await Assertions.Expect(admin.GetByTestId("settings-source")).Not.ToContainTextAsync("请重新分析");
        await BrowserFixture.ScreenshotAsync(admin, "11-settings-saved");

        await BrowserFixture.GotoAsync(admin, "/audit");
        await admin.GetByTestId("audit-action").SelectOptionAsync("settings");
        await admin.GetByTestId("audit-apply").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("audit")).ToContainTextAsync("S5.Enabled true → false");

        // S1's weight schemes: a structured editor, its total flagged, a bad field named before anything is sent.
        await BrowserFixture.GotoAsync(admin, "/settings");
        await admin.GetByTestId("settings-filter").FillAsync("S1");
        // The filter has taken effect: the page is interactive and its settings loaded, so an edit is not lost to the
        // page's own first render (the cause of a CI failure: the total stayed at 100).
        await Assertions.Expect(admin.GetByTestId("rule-C1")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("rule-S1")).ToHaveCountAsync(1);
        await admin.GetByTestId("scheme-1-weight-0").FillAsync("45");
        await Assertions.Expect(admin.GetByTestId("scheme-1-total")).ToContainTextAsync("合计 95（权重 85 + 预算执行率 10）≠ 100");
        await admin.GetByTestId("scheme-0-id").FillAsync("");
        await admin.GetByTestId("scheme-0-id").DispatchEventAsync("change");
        await admin.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("settings-problems")).ToHaveTextAsync("权重方案 #1：方案编号（Id）不能为空");
        await BrowserFixture.ScreenshotAsync(admin, "12-settings-schemes");
        await admin.GetByTestId("scheme-0-id").FillAsync("SH-DEPT");
        await admin.GetByTestId("scheme-0-id").DispatchEventAsync("change");
        await admin.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("settings-message")).ToContainTextAsync("已保存为第 2 版，更改 1 项：S1.Schemes[MOF-PROJ-2020].Weights.产出指标 50 → 45。");

        // Restore defaults: the confirmation lists what goes back to rules.json, then a new version.
        await admin.GetByTestId("settings-restore").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("restore-changes")).ToContainTextAsync("S1.Schemes[MOF-PROJ-2020].Weights.产出指标 45 → 50");
        await Assertions.Expect(admin.GetByTestId("restore-changes")).ToContainTextAsync("S5.Enabled false → true");
        await BrowserFixture.ScreenshotAsync(admin, "13-settings-restore");
        await admin.GetByTestId("restore-confirm").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("settings-message")).ToContainTextAsync("已恢复为规则文件中的设置，保存为第 3 版");
        await Assertions.Expect(admin.GetByTestId("scheme-1-weight-0")).ToHaveValueAsync("50");
        await admin.GetByTestId("settings-filter").FillAsync("S5");
        await Assertions.Expect(admin.GetByTestId("enabled-S5")).ToBeCheckedAsync();
    }
}
