using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Entities;
using static PerfEvalAnalytics.Dashboard.Tests.AccountsDashboardFactory;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// The 规则设置 page over plain HTTP in accounts mode: every role reads it, only 管理员 may save (a hand-made post by 审阅员 or 只读 is
/// refused with 403 and stores nothing), antiforgery, strict validation, the stale-version refusal, the audit entry,
/// and the analysis that then runs with the saved settings.
/// </summary>
public sealed class SettingsHttpTests(AccountsDashboardFactory factory) : IClassFixture<AccountsDashboardFactory>
{
    private RuleSettingsStore Store => factory.Services.GetRequiredService<RuleSettingsStore>();

    private async Task<int> VersionAsync() => (await Store.StoredAsync(default))?.Version ?? 0;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int expectedVersion,
        bool withToken = true, params (string Key, string Value)[] fields)
    {
        var token = withToken ? await TestSignIn.TokenAsync(client, "/denied") : null;
        return await client.PostAsync(new Uri("/api/settings", UriKind.Relative), TestSignIn.Form(token,
            [("ExpectedVersion", expectedVersion.ToString(CultureInfo.InvariantCulture)), .. fields]));
    }

    private async Task<List<AuditEntryEntity>> SettingsAuditAsync()
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PerfEvalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.Settings).OrderBy(a => a.Id)
            .ToListAsync();
    }

    private async Task<(int Findings, string? RunHash)> FindingsOfAsync(string rule)
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PerfEvalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var hash = await db.AnalysisRuns.OrderByDescending(r => r.Id).Select(r => r.SettingsHash).FirstOrDefaultAsync();
        return (await db.Findings.CountAsync(f => f.RuleCode == rule), hash);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Unescape(await response.Content.ReadAsStringAsync());

    [Theory]
    [InlineData(Reviewer)]
    [InlineData(ReadOnly)]
    public async Task Save_ByReviewerOrReadOnly_Is403_AndStoresNothing(string user)
    {
        using var client = await TestSignIn.ClientAsync(factory, user);
        var before = await Store.EffectiveAsync(Path.Combine(factory.Root, "data", "settings", "rules.json"), default);

        var response = await PostAsync(client, await VersionAsync(), true, ("Rules.S5.Enabled", "false"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = await Store.EffectiveAsync(Path.Combine(factory.Root, "data", "settings", "rules.json"), default);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(after.Catalog().Disabled, r => r.Code == "S5");
        Assert.DoesNotContain(await SettingsAuditAsync(), a => a.Actor == user);
    }

    [Fact]
    public async Task Save_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();

        var response = await PostAsync(client, version, withToken: false, ("Rules.S5.Enabled", "false"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(version, await VersionAsync());
    }

    [Theory]
    [InlineData("Rules.S5.ExtraTolerancePp", "abc", "Rules.S5.ExtraTolerancePp: 'abc' is not a number")]
    [InlineData("Rules.S5.Tolerance", "0.1", "Rules.S5.Tolerance: unknown setting (expected one of: Enabled, ExtraTolerancePp)")]
    [InlineData("Rules.C5.GoodMin", "95", "Rules.C5: ")]
    [InlineData("Rules.S5", "1", "Rules.S5: unknown field")]
    public async Task Save_InvalidValue_Is400NamingTheRuleAndKey_AndStoresNothing(string field, string value,
        string expected)
    {
        using var client = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();
        var audits = (await SettingsAuditAsync()).Count;

        var response = await PostAsync(client, version, true, ("Rules.T1.Enabled", "false"), (field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal(version, await VersionAsync());
        Assert.Equal(audits, (await SettingsAuditAsync()).Count);
    }

    [Fact]
    public async Task Save_ByAdmin_IsAuditedWithTheChangedKeys_AndTheAnalysisThenUsesTheSettings()
    {
        using var client = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();
        var (q1Before, hashBefore) = await FindingsOfAsync("Q1");
        var enabledBefore = version == 0 || !(await Store.StoredAsync(default))!.Catalog().Disabled.Any(r => r.Code == "Q1");

        var response = await PostAsync(client, version, true,
            ("Rules.Q1.Enabled", "false"), ("Rules.S5.ExtraTolerancePp", "0.03"), ("Analyze", "true"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(version + 1, (int)body["version"]!);
        var (q1After, hashAfter) = await FindingsOfAsync("Q1");
        Assert.True(enabledBefore && q1Before > 0, "the sample data must give Q1 findings before the rule is switched off");
        Assert.Equal(0, q1After);
        Assert.NotEqual(hashBefore, hashAfter);
        Assert.Equal((string?)body["settingsHash"], hashAfter);
        Assert.Equal(hashAfter, (string?)body["analysis"]!["settingsHash"]);
        var audit = (await SettingsAuditAsync())[^1];
        Assert.Equal(Admin, audit.Actor);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Q1.Enabled":true,"S5.ExtraTolerancePp":0}"""), JsonNode.Parse(audit.Before!)), audit.Before);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Q1.Enabled":false,"S5.ExtraTolerancePp":0.03}"""), JsonNode.Parse(audit.After!)), audit.After);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/settings", UriKind.Relative)));
        Assert.Contains($"数据库中的第 {version + 1} 版，由 {Admin}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_OnAStaleVersion_Is409NamingWhoSaved_AndKeepsTheirSettings()
    {
        using var admin = await TestSignIn.ClientAsync(factory, Admin);
        await TestSignIn.EnsureUserAsync(factory.Services, "第二管理员", AppRoles.Admin);
        using var other = await TestSignIn.ClientAsync(factory, "第二管理员");
        var loaded = await VersionAsync();
        var current = (await Store.StoredAsync(default))?.Catalog().Disabled.Any(r => r.Code == "T2") ?? false;

        var first = await PostAsync(other, loaded, true, ("Rules.T2.Enabled", current ? "true" : "false"));
        var stale = await PostAsync(admin, loaded, true, ("Rules.E1.Enabled", "false"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed by 第二管理员", await BodyAsync(stale), StringComparison.Ordinal);
        var now = (await Store.StoredAsync(default))!;
        Assert.Equal(loaded + 1, now.Version);
        Assert.DoesNotContain(now.Catalog().Disabled, r => r.Code == "E1");
    }

    [Theory]
    [InlineData(AppRoles.Admin, true)]
    [InlineData(AppRoles.Reviewer, false)]
    [InlineData(AppRoles.ReadOnly, false)]
    public async Task SettingsService_CalledByThePage_ChecksTheRoleItself(string role, bool allowed)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "服务测试"), new Claim(ClaimTypes.Role, role)], "test"));
        var service = factory.Services.GetRequiredService<SettingsService>();

        var view = await service.LoadAsync(user, default); // every signed-in role reads the settings
        var saved = await TestSignIn.AllowedAsync(() => service.SaveAsync(user, [], 0, default));
        var analysed = await TestSignIn.AllowedAsync(() => service.AnalyzeAsync(user, default));

        Assert.Equal((allowed, allowed, allowed), (view.CanEdit, saved, analysed));
        Assert.NotEmpty(view.Rules);
    }

    [Fact]
    public async Task SettingsService_Anonymous_IsRefusedEvenTheView()
    {
        var service = factory.Services.GetRequiredService<SettingsService>();

        Assert.False(await TestSignIn.AllowedAsync(() => service.LoadAsync(new ClaimsPrincipal(new ClaimsIdentity()), default)));
    }

    [Theory]
    [InlineData(Admin, true)]
    [InlineData(Reviewer, false)]
    [InlineData(ReadOnly, false)]
    public async Task SettingsPage_ByRole_EditableForAdminOnly_ReadOnlyForOthers(string user, bool editable)
    {
        using var client = await TestSignIn.ClientAsync(factory, user);

        var response = await client.GetAsync(new Uri("/settings", UriKind.Relative));
        var page = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"rule-E4\"", page, StringComparison.Ordinal); // the settings are shown
        Assert.Equal(editable, page.Contains("data-testid=\"settings-save\"", StringComparison.Ordinal));
        Assert.Equal(!editable, page.Contains("只读：仅管理员可修改规则设置。", StringComparison.Ordinal));
        var enabledBox = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*data-testid=\"enabled-E4\"[^>]*>").Value;
        Assert.Equal(!editable, enabledBox.Contains("disabled", StringComparison.Ordinal));
    }
}
