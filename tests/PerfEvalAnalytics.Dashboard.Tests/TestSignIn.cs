using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// Signing a test client in through the real sign-in form (accounts mode: the default on PostgreSQL), with the
/// antiforgery token a browser would send.
/// </summary>
public static partial class TestSignIn
{
    public const string Password = "a long test password";

    /// <summary>The administrator <see cref="AdminClientAsync"/> creates.</summary>
    public const string TestAdmin = "测试管理员";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>True when a service call goes through, false when it refuses the user's role.</summary>
    public static async Task<bool> AllowedAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
            return true;
        }
        catch (AccessDeniedException)
        {
            return false;
        }
    }

    /// <summary>A client that does not follow redirects (so tests see them) and keeps cookies.</summary>
    public static HttpClient NewClient(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Adds an account with <see cref="Password"/> unless one of that name exists.</summary>
    public static async Task EnsureUserAsync(IServiceProvider services, string name, string role)
    {
        using var scope = services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        if (await accounts.FindAsync(name) is null)
        {
            await accounts.AddAsync(name, role, Password, "test", default);
        }
    }

    /// <summary>A client signed in as a (created if missing) administrator.</summary>
    public static async Task<HttpClient> AdminClientAsync(WebApplicationFactory<Program> factory)
    {
        await EnsureUserAsync(factory.Services, TestAdmin, AppRoles.Admin);
        return await ClientAsync(factory, TestAdmin);
    }

    /// <summary>A client signed in as <paramref name="user"/> (password <see cref="Password"/>).</summary>
    public static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> factory, string user)
    {
        var client = NewClient(factory);
        var response = await SignInAsync(client, user, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/review", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>Posts the sign-in form (returning to /review) and returns the response (a redirect).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var token = await TokenAsync(client, "/signin");
        return await client.PostAsync(new Uri("/account/signin", UriKind.Relative),
            Form(token, ("UserName", user), ("Password", password), ("ReturnUrl", "/review")));
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/> (for a signed-in client: any page with
    /// the sign-out form, e.g. /denied).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Form fields plus the token (none when <paramref name="token"/> is null).</summary>
    public static FormUrlEncodedContent Form(string? token, params (string Key, string Value)[] fields) =>
        new([.. fields.Select(f => KeyValuePair.Create(f.Key, f.Value)),
            .. token is null ? [] : new[] { KeyValuePair.Create("__RequestVerificationToken", token) }]);
}
