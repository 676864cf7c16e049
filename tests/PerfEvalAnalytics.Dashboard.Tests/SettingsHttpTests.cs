using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Entities;
using static PerfEvalAnalytics.Dashboard.Tests.AccountsDashboardFactory;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// The 规则设置 page over plain HTTP in accounts mode: every role reads it, only 管理员 may save (a hand-made post by 审阅员 or 只读 is
/// refused with 403 and stores nothing), antiforgery, strict validation, the stale-version refusal, the audit entry,
/// and the analysis that then runs with the saved settings; the same for the restore of the rules file's settings.
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

    private string RulesFile => Path.Combine(factory.Root, "data", "settings", "rules.json");

    private static async Task<HttpResponseMessage> RestoreAsync(HttpClient client, int expectedVersion,
        bool withToken = true, params (string Key, string Value)[] fields)
    {
        var token = withToken ? await TestSignIn.TokenAsync(client, "/denied") : null;
        return await client.PostAsync(new Uri("/api/settings/restore", UriKind.Relative), TestSignIn.Form(token,
            [("ExpectedVersion", expectedVersion.ToString(CultureInfo.InvariantCulture)), .. fields]));
    }

    /// <summary>Saves <paramref name="fields"/> as 管理员 so that the stored settings differ from the rules file.</summary>
    private async Task DivergeAsync(params (string Key, string Value)[] fields)
    {
        using var admin = await TestSignIn.ClientAsync(factory, Admin);
        var response = await PostAsync(admin, await VersionAsync(), true, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
    // A hand-made post of S1's schemes is bound by the catalog as the editor's output is: nothing bypasses it.
    [InlineData("Rules.S1.Schemes", """[{"Id":"X","FormKind":"Project","Weights":{"产出指标":-1}}]""", "Rules.S1: ")]
    [InlineData("Rules.S1.Schemes", """[{"Id":"X","FormKind":"Other","Weights":{}}]""", "Rules.S1.Schemes[0].FormKind")]
    [InlineData("Rules.S1.Schemes", """[{"Id":"X","FormKind":"Project","Weights":{},"Bogus":1}]""", "Rules.S1.Schemes[0].Bogus")]
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
    public async Task SettingsService_CalledByThePage_ChecksTheRoleItself_ForSaveAnalysisAndRestore(string role, bool allowed)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "服务测试"), new Claim(ClaimTypes.Role, role)], "test"));
        var service = factory.Services.GetRequiredService<SettingsService>();

        var view = await service.LoadAsync(user, default); // every signed-in role reads the settings
        var saved = await TestSignIn.AllowedAsync(() => service.SaveAsync(user, [], 0, default));
        var analysed = await TestSignIn.AllowedAsync(() => service.AnalyzeAsync(user, default));
        var previewed = await TestSignIn.AllowedAsync(() => service.PreviewRestoreAsync(user, null, default));
        // Version -1 is never current: an allowed restore ends in a conflict and changes nothing.
        var restored = await TestSignIn.AllowedAsync(() => service.RestoreAsync(user, "T1", -1, default));

        Assert.Equal((allowed, allowed, allowed, allowed, allowed), (view.CanEdit, saved, analysed, previewed, restored));
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
        // Restore and S1's scheme editor: buttons for 管理员 only, the scheme fields locked for the others.
        Assert.Equal(editable, page.Contains("data-testid=\"settings-restore\"", StringComparison.Ordinal));
        Assert.Equal(editable, page.Contains("data-testid=\"restore-S1\"", StringComparison.Ordinal));
        Assert.Equal(editable, page.Contains("data-testid=\"schemes-add\"", StringComparison.Ordinal));
        var schemeId = System.Text.RegularExpressions.Regex.Match(page, "<input[^>]*data-testid=\"scheme-0-id\"[^>]*>").Value;
        Assert.Contains("value=\"SH-DEPT\"", schemeId, StringComparison.Ordinal);
        Assert.Equal(!editable, schemeId.Contains("readonly", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Reviewer, "")]
    [InlineData(ReadOnly, "")]
    [InlineData(Reviewer, "T4")]
    [InlineData(ReadOnly, "T4")]
    public async Task Restore_ByReviewerOrReadOnly_Is403_AndChangesNothing(string user, string rule)
    {
        await DivergeAsync(("Rules.T4.Enabled", "false"));
        var before = await Store.StoredAsync(default);
        using var client = await TestSignIn.ClientAsync(factory, user);

        var response = await RestoreAsync(client, before!.Version, true, ("Rule", rule));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = (await Store.StoredAsync(default))!;
        Assert.Equal((before.Version, before.Json), (after.Version, after.Json));
        Assert.Contains(after.Catalog().Disabled, r => r.Code == "T4");
        Assert.DoesNotContain(await SettingsAuditAsync(), a => a.Actor == user);
    }

    [Fact]
    public async Task Restore_WithoutAntiforgeryToken_IsRefused()
    {
        await DivergeAsync(("Rules.T4.Enabled", "false"));
        using var client = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();

        var response = await RestoreAsync(client, version, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(version, await VersionAsync());
    }

    [Theory]
    [InlineData("Rule", "Z9", "Rules.Z9: unknown rule code")]
    [InlineData("Rules.T4.Enabled", "true", "Rules.T4.Enabled: unknown field (expected ExpectedVersion, Rule or Analyze)")]
    public async Task Restore_UnknownRuleOrField_Is400_AndChangesNothing(string field, string value, string expected)
    {
        await DivergeAsync(("Rules.T4.Enabled", "false"));
        using var client = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();
        var audits = (await SettingsAuditAsync()).Count;

        var response = await RestoreAsync(client, version, true, (field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal(version, await VersionAsync());
        Assert.Equal(audits, (await SettingsAuditAsync()).Count);
    }

    [Fact]
    public async Task Restore_OnAStaleVersion_Is409NamingWhoSaved_AndKeepsTheirSettings()
    {
        await DivergeAsync(("Rules.T4.Enabled", "false"));
        using var admin = await TestSignIn.ClientAsync(factory, Admin);
        var stale = await VersionAsync();
        await DivergeAsync(("Rules.T5.Enabled", "false"));

        var response = await RestoreAsync(admin, stale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"changed by {Admin}", await BodyAsync(response), StringComparison.Ordinal);
        var now = (await Store.StoredAsync(default))!;
        Assert.Equal(stale + 1, now.Version);
        Assert.Contains(now.Catalog().Disabled, r => r.Code == "T5");
    }

    [Fact]
    public async Task Restore_OneRule_PutsBackThatRuleOnly_AuditedAsARestore()
    {
        await DivergeAsync(("Rules.T6.Enabled", "false"), ("Rules.E4.Similarity", "0.95"), ("Rules.S1.ExpectedTotal", "90"));
        using var admin = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();

        var response = await RestoreAsync(admin, version, true, ("Rule", "E4"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(version + 1, (int)body["version"]!);
        Assert.Equal(["E4.Similarity"], body["changed"]!.AsArray().Select(c => $"{c!["rule"]}.{c["key"]}"));
        var now = RuleCatalog.Describe((await Store.StoredAsync(default))!.Json, "test");
        Assert.Equal(0.9, (double)now.Single(r => r.Info.Code == "E4").Settings.Single(s => s.Name == "Similarity").Value!);
        Assert.False(now.Single(r => r.Info.Code == "T6").Enabled);
        Assert.Equal(90m, (decimal)now.Single(r => r.Info.Code == "S1").Settings.Single(s => s.Name == "ExpectedTotal").Value!);
        var audit = (await SettingsAuditAsync())[^1];
        Assert.Equal((Admin, "restore: rules E4"), (audit.Actor, audit.Target));
        Assert.StartsWith("restored rule E4 to the rules file rules.json: rule settings version", audit.Summary, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"E4.Similarity":0.95}"""), JsonNode.Parse(audit.Before!)), audit.Before);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"E4.Similarity":0.9}"""), JsonNode.Parse(audit.After!)), audit.After);
    }

    [Fact]
    public async Task Restore_Everything_ByAdmin_IsAuditedAsARestore_AndTheNextAnalysisUsesTheRulesFile()
    {
        await DivergeAsync(("Rules.Q1.Enabled", "false"), ("Rules.S5.ExtraTolerancePp", "0.04"), ("Analyze", "true"));
        using var admin = await TestSignIn.ClientAsync(factory, Admin);
        var version = await VersionAsync();
        var (q1Before, hashBefore) = await FindingsOfAsync("Q1");
        var shipped = RuleCatalog.FromFile(RulesFile).SettingsHash;

        var response = await RestoreAsync(admin, version, true, ("Analyze", "true"));
        var again = await RestoreAsync(admin, version + 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(version + 1, (int)body["version"]!);
        Assert.Equal(shipped, (string?)body["settingsHash"]);
        var (q1After, hashAfter) = await FindingsOfAsync("Q1");
        Assert.Equal(0, q1Before);
        Assert.NotEqual(shipped, hashBefore);
        Assert.True(q1After > 0, "the sample data gives Q1 findings once the rules file switches Q1 on again");
        Assert.Equal(shipped, hashAfter);
        var stored = (await Store.StoredAsync(default))!;
        Assert.Equal((version + 1, Admin), (stored.Version, stored.UpdatedBy));
        Assert.Equal(shipped, stored.Catalog().SettingsHash);
        var audit = (await SettingsAuditAsync())[^1];
        Assert.Equal(Admin, audit.Actor);
        Assert.StartsWith("restore: rules ", audit.Target, StringComparison.Ordinal);
        Assert.StartsWith("restored all rules to the rules file rules.json", audit.Summary, StringComparison.Ordinal);
        Assert.False((bool?)JsonNode.Parse(audit.Before!)!["Q1.Enabled"]);
        Assert.True((bool?)JsonNode.Parse(audit.After!)!["Q1.Enabled"]);
        Assert.Equal(0.04, (double?)JsonNode.Parse(audit.Before!)!["S5.ExtraTolerancePp"]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // nothing left to restore: no new version
        Assert.Equal("Unchanged", (string?)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["outcome"]);
        Assert.Equal(version + 1, await VersionAsync());
    }

    [Fact]
    public async Task SettingsService_PreviewRestore_ListsWhatARestoreWouldChange_AndStoresNothing()
    {
        await DivergeAsync(("Rules.T7.Enabled", "false"), ("Rules.E1.HighBelowRatio", "0.85"));
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, Admin), new Claim(ClaimTypes.Role, AppRoles.Admin)], "test"));
        var service = factory.Services.GetRequiredService<SettingsService>();
        var version = await VersionAsync();

        var (one, oneError) = await service.PreviewRestoreAsync(user, "T7", default);
        var (all, allError) = await service.PreviewRestoreAsync(user, null, default);

        Assert.Equal((null, null), (oneError, allError));
        Assert.Equal(["T7.Enabled false → true"], one.Select(c => $"{c.Code}.{c.Key} {c.Before} → {c.After}"));
        Assert.Contains(all, c => c is { Code: "E1", Key: "HighBelowRatio" });
        Assert.Contains(all, c => c is { Code: "T7", Key: "Enabled" });
        Assert.Equal(version, await VersionAsync());
        Assert.Equal("rules.json", service.RulesFileName);
    }
}
