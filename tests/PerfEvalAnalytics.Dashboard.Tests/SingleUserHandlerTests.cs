using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>Single-user mode signs in the local administrator for loopback callers only, request by request.</summary>
public sealed class SingleUserHandlerTests
{
    private static async Task<AuthenticateResult> AuthenticateFromAsync(IPAddress? remote, bool created = true)
    {
        var local = new LocalUser();
        if (created)
        {
            local.Account = new UserAccount("id-1", "新人", AppRoles.Admin, false, null, 0);
        }

        var handler = new SingleUserAuthenticationHandler(
            new StaticOptions(), NullLoggerFactory.Instance, UrlEncoder.Default, local);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        await handler.InitializeAsync(
            new AuthenticationScheme(SingleUserAuthenticationHandler.SchemeName, null, typeof(SingleUserAuthenticationHandler)),
            context);
        return await handler.AuthenticateAsync();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task LoopbackCaller_IsTheLocalAdministrator(string address)
    {
        var result = await AuthenticateFromAsync(IPAddress.Parse(address));

        Assert.True(result.Succeeded);
        Assert.Equal("新人", result.Principal!.Identity!.Name);
        Assert.True(result.Principal.IsInRole(AppRoles.Admin));
    }

    [Theory]
    [InlineData("192.168.1.20")]
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::1")]
    public async Task CallerFromTheNetwork_IsNotSignedIn(string address)
    {
        var result = await AuthenticateFromAsync(IPAddress.Parse(address));

        Assert.False(result.Succeeded);
        Assert.Contains("loopback callers only", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains(address, result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProcessHost_WithoutAnAddress_IsTheLocalAdministrator_OnceCreated()
    {
        Assert.True((await AuthenticateFromAsync(null)).Succeeded);
        Assert.False((await AuthenticateFromAsync(IPAddress.Loopback, created: false)).Succeeded);
    }

    private sealed class StaticOptions : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue { get; } = new();

        public AuthenticationSchemeOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
