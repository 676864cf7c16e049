using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Queries;
using static PerfEvalAnalytics.Dashboard.Tests.AccountsDashboardFactory;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Accounts mode over HTTP: sign-in, lockout, each role allowed and refused on each protected action, the
/// review conflict, antiforgery, and the audit entries those actions leave.</summary>
public sealed class AuthHttpTests(AccountsDashboardFactory factory) : IClassFixture<AccountsDashboardFactory>
{
    private HttpClient NewClient() => TestSignIn.NewClient(factory);

    private static Task<string> TokenAsync(HttpClient client, string path) => TestSignIn.TokenAsync(client, path);

    private static FormUrlEncodedContent Form(string? token, params (string Key, string Value)[] fields) =>
        TestSignIn.Form(token, fields);

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password) =>
        TestSignIn.SignInAsync(client, user, password);

    private Task<HttpClient> SignedInAsync(string user) => TestSignIn.ClientAsync(factory, user);

    private async Task<long> FindingIdAsync(int index)
    {
        var page = await factory.Services.GetRequiredService<FindingsGridQuery>()
            .PageAsync(new FindingsPageRequest(new FindingFilter(), Take: 40), CancellationToken.None);
        return page.Items[index].Id;
    }

    private static async Task<HttpResponseMessage> PostReviewAsync(HttpClient client, long id, string status,
        int? expectedVersion, bool withToken = true)
    {
        var token = withToken ? await TokenAsync(client, "/denied") : null;
        (string, string)[] fields = expectedVersion is { } v
            ? [("Status", status), ("Note", "HTTP 测试"), ("ExpectedVersion", v.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : [("Status", status), ("Note", "HTTP 测试")];
        return await client.PostAsync(new Uri($"/api/reviews/{id}", UriKind.Relative), Form(token, fields));
    }

    private static async Task<HttpResponseMessage> PostImportAsync(HttpClient client)
    {
        var token = await TokenAsync(client, "/denied");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("not a form"u8.ToArray()), "files", "tool.exe" },
        };
        return await client.PostAsync(new Uri("/api/import", UriKind.Relative), content);
    }

    private Task<Page<AuditItem>> AuditAsync(AuditFilter filter) =>
        factory.Services.GetRequiredService<AuditQuery>().PageAsync(filter, 0, 100, CancellationToken.None);

    [Theory]
    [InlineData("/")]
    [InlineData("/findings")]
    [InlineData("/review")]
    [InlineData("/import")]
    [InlineData("/audit")]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        using var client = NewClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/signin?ReturnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_Anonymous_ShowsTheFormInChinese()
    {
        using var client = NewClient();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));

        Assert.Contains("用户名", html, StringComparison.Ordinal);
        Assert.Contains("密码", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_Anonymous_Is401NotARedirect()
    {
        using var client = NewClient();

        var review = await client.PostAsync(new Uri($"/api/reviews/{await FindingIdAsync(0)}", UriKind.Relative), Form(null, ("Status", "Dismissed")));
        var export = await client.GetAsync(new Uri("/export/findings?format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, review.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsAHttpOnlyLaxCookieAndShowsTheUser()
    {
        using var client = NewClient();

        var response = await SignInAsync(client, Reviewer, Password);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/review", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".PerfEval.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"{Reviewer} · 审阅员", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithToken_EndsTheSession()
    {
        using var client = await SignedInAsync(Reviewer);
        var token = await TokenAsync(client, "/denied");

        var response = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), Form(token));
        var after = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("/signin", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInSignOutAndImport_WithoutAntiforgeryToken_AreRefused()
    {
        using var anonymous = NewClient();
        var signIn = await anonymous.PostAsync(new Uri("/account/signin", UriKind.Relative),
            Form(null, ("UserName", Admin), ("Password", Password)));
        using var client = await SignedInAsync(Admin);
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent("not a form"u8.ToArray()), "files", "tool.exe" },
        };

        var signOut = await client.PostAsync(new Uri("/account/signout", UriKind.Relative), Form(null));
        var import = await client.PostAsync(new Uri("/api/import", UriKind.Relative), upload);
        var still = await client.GetAsync(new Uri("/review", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne_UntilUnlocked()
    {
        const string name = "锁定测试";
        await factory.AddAsync(name, AppRoles.Reviewer);
        using var client = NewClient();

        var first = await SignInAsync(client, name, "wrong password 1");
        for (var i = 2; i < AccountPolicy.MaxFailedSignIns; i++)
        {
            await SignInAsync(client, name, $"wrong password {i}");
        }

        var fifth = await SignInAsync(client, name, "wrong password 5");
        var right = await SignInAsync(client, name, Password);
        var lockedPage = WebUtility.HtmlDecode(await client.GetStringAsync(right.Headers.Location));

        Assert.StartsWith("/signin?error=failed", first.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/signin?error=locked", fifth.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/signin?error=locked", right.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("账户已锁定 15 分钟", lockedPage, StringComparison.Ordinal);
        Assert.Equal(AccountPolicy.MaxFailedSignIns - 1, (await AuditAsync(new AuditFilter(Action: AuditActions.SignInFailed, Text: name))).Total);
        Assert.True((await AuditAsync(new AuditFilter(Action: AuditActions.LockedOut, Text: name))).Total >= 2);

        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAccounts>().UnlockAsync(name, "test", default);
        }

        var afterUnlock = await SignInAsync(client, name, Password);
        Assert.Equal("/review", afterUnlock.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(Admin, 1, HttpStatusCode.OK)]
    [InlineData(Reviewer, 2, HttpStatusCode.OK)]
    [InlineData(ReadOnly, 3, HttpStatusCode.Forbidden)]
    public async Task ReviewEndpoint_ByRole_AllowedOrRefused_AndARefusalChangesNothing(string user, int finding,
        HttpStatusCode expected)
    {
        using var client = await SignedInAsync(user);
        var id = await FindingIdAsync(finding);

        var response = await PostReviewAsync(client, id, "Dismissed", expectedVersion: 0);

        Assert.Equal(expected, response.StatusCode);
        var subject = (await factory.Services.GetRequiredService<ReviewQuery>().FindingAsync(id, default))!;
        var reviews = await AuditAsync(new AuditFilter(Actor: user, Action: AuditActions.Review));
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(ReviewStatus.Dismissed, subject.Current.Status);
            Assert.Equal(user, subject.Current.Reviewer);
            Assert.Contains(reviews.Items, a => a.Target == subject.Key && a.After!.Contains("Dismissed", StringComparison.Ordinal));
        }
        else
        {
            // A 只读 user's hand-made request with a valid session and token: refused, nothing stored.
            Assert.Equal(ReviewStatus.Open, subject.Current.Status);
            Assert.Empty(subject.History);
            Assert.Equal(0, reviews.Total);
        }
    }

    [Theory]
    [InlineData(Admin, HttpStatusCode.OK)]
    [InlineData(Reviewer, HttpStatusCode.OK)]
    [InlineData(ReadOnly, HttpStatusCode.Forbidden)]
    public async Task ImportEndpoint_ByRole_AllowedOrRefused(string user, HttpStatusCode expected)
    {
        using var client = await SignedInAsync(user);

        var response = await PostImportAsync(client);

        Assert.Equal(expected, response.StatusCode);
        var imports = await AuditAsync(new AuditFilter(Actor: user, Action: AuditActions.Import));
        if (expected == HttpStatusCode.OK)
        {
            // The type check refuses the .exe on the server; the import itself is audited under the user.
            Assert.Contains("file type not accepted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.NotEqual(0, imports.Total);
        }
        else
        {
            Assert.Equal(0, imports.Total);
        }
    }

    [Theory]
    [InlineData(Admin, HttpStatusCode.OK)]
    [InlineData(Reviewer, HttpStatusCode.Redirect)]
    [InlineData(ReadOnly, HttpStatusCode.Redirect)]
    public async Task AdminPages_ByRole_AllowedOrSentToDenied(string user, HttpStatusCode expected)
    {
        using var client = await SignedInAsync(user);

        foreach (var path in new[] { "/users", "/audit" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));

            Assert.Equal(expected, response.StatusCode);
            if (expected == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("http://localhost/denied", response.Headers.Location?.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(Admin, HttpStatusCode.OK)]
    [InlineData(Reviewer, HttpStatusCode.Forbidden)]
    [InlineData(ReadOnly, HttpStatusCode.Forbidden)]
    public async Task AuditExport_ByRole_AllowedOrRefused(string user, HttpStatusCode expected)
    {
        using var client = await SignedInAsync(user);

        var response = await client.GetAsync(new Uri("/export/audit?action=user.add", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var csv = await response.Content.ReadAsStringAsync();
            Assert.Contains("操作人 Actor", csv, StringComparison.Ordinal);
            Assert.Contains($"added user {ReadOnly} as ReadOnly", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("review", csv.Split('\n').Skip(1).FirstOrDefault() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadOnly_CanViewAndExportFindings()
    {
        using var client = await SignedInAsync(ReadOnly);

        var findings = await client.GetAsync(new Uri("/findings", UriKind.Relative));
        var export = await client.GetAsync(new Uri("/export/findings?format=csv", UriKind.Relative));
        var review = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"/review/{await FindingIdAsync(5)}", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, findings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("只读账户不能更改审阅状态", review, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"review-confirm\"", review, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewEndpoint_SecondReviewerOnTheSameLoadedVersion_Gets409NamingTheFirst()
    {
        using var admin = await SignedInAsync(Admin);
        using var reviewer = await SignedInAsync(Reviewer);
        var id = await FindingIdAsync(4);

        var first = await PostReviewAsync(admin, id, "Confirmed", expectedVersion: 0);
        var second = await PostReviewAsync(reviewer, id, "Dismissed", expectedVersion: 0);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = System.Text.RegularExpressions.Regex.Unescape(await second.Content.ReadAsStringAsync());
        Assert.Contains($"changed by {Admin} to Confirmed", body, StringComparison.Ordinal);
        var subject = (await factory.Services.GetRequiredService<ReviewQuery>().FindingAsync(id, default))!;
        Assert.Equal(ReviewStatus.Confirmed, subject.Current.Status);
    }

    [Fact]
    public async Task ReviewEndpoint_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = await SignedInAsync(Reviewer);
        var id = await FindingIdAsync(6);

        var response = await PostReviewAsync(client, id, "Dismissed", expectedVersion: 0, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await factory.Services.GetRequiredService<ReviewQuery>().FindingAsync(id, default))!.History);
    }

    [Fact]
    public async Task StartupIngest_IsAuditedAsSystem_WithTheAnalysisRun()
    {
        var imports = await AuditAsync(new AuditFilter(Actor: "system", Action: AuditActions.Import));
        var runs = await AuditAsync(new AuditFilter(Actor: "system", Action: AuditActions.Analyze));

        Assert.Contains(imports.Items, a => a.Summary.Contains(" added", StringComparison.Ordinal) && a.After!.Contains(".txt", StringComparison.Ordinal));
        Assert.Contains(runs.Items, a => a.Summary.StartsWith("analysed ", StringComparison.Ordinal) && a.After!.Contains("settingsHash", StringComparison.Ordinal));
    }

    private static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    [Theory]
    [InlineData(AppRoles.Admin, true, true, true)]
    [InlineData(AppRoles.Reviewer, true, true, false)]
    [InlineData(AppRoles.ReadOnly, false, false, false)]
    public async Task Services_CalledByTheBlazorComponents_CheckTheRoleThemselves(string role, bool review,
        bool import, bool manageUsers)
    {
        var user = Principal("服务测试", role);
        var services = factory.Services;
        var id = await FindingIdAsync(7);

        var reviewed = await TestSignIn.AllowedAsync(() => services.GetRequiredService<ReviewService>()
            .ReviewAsync(user, id, ReviewStatus.FollowUp, null, null, default));
        var imported = await TestSignIn.AllowedAsync(() => services.GetRequiredService<ImportService>().ImportAsync(user, [], null, default));
        var listed = await TestSignIn.AllowedAsync(() => services.GetRequiredService<UserAdminService>().RunAsync(user, (a, _) => a.ListAsync()));

        Assert.Equal((review, import, manageUsers), (reviewed, imported, listed));
    }
}
