using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Data.Accounts;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>The single-user mode's local administrator, set once at start (see <see cref="AccountsStartup"/>).</summary>
public sealed class LocalUser
{
    public UserAccount? Account { get; set; }
}

/// <summary>Single-user mode: signs every request in as the local administrator (a real Identity user, so the
/// audit trail and reviews name it). Safe only on loopback and SQLite, which start-up enforces.</summary>
internal sealed class SingleUserAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, LocalUser local)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SingleUser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (local.Account is not { } account)
        {
            return Task.FromResult(AuthenticateResult.Fail("the local administrator is not created yet"));
        }

        // Loopback only, on every request: the start-up checks stop a server bound to another address, but only
        // once it listens (an endpoint from Kestrel's own configuration is known then), and a caller from the network
        // must never be the administrator in between. No address at all is an in-process host (tests).
        if (Context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(AuthenticateResult.Fail(
                $"single-user mode signs in loopback callers only, not {remote}"));
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id),
            new Claim(ClaimTypes.Name, account.Name),
            new Claim(ClaimTypes.Role, AppRoles.Admin),
        ], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
