using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Accounts;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>Sign-in, roles and the audit trail: registration (called from <see cref="Extensions"/>).</summary>
public static class AuthSetup
{
    /// <summary>Configuration key of the database provider (shared with the CLI's environment variables).</summary>
    public const string ProviderKey = "Database:Provider";

    /// <summary>The mode in effect: <c>Auth:Mode</c>, or by provider when unset (PostgreSQL: accounts).</summary>
    public static AuthMode ResolveMode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var postgres = IsPostgres(configuration);
        var configured = configuration[$"{AuthOptions.Section}:Mode"];
        AuthMode mode;
        if (string.IsNullOrWhiteSpace(configured))
        {
            mode = postgres ? AuthMode.Accounts : AuthMode.SingleUser;
        }
        else if (!Enum.TryParse(configured.Trim(), ignoreCase: true, out mode) || !Enum.IsDefined(mode))
        {
            throw new StartupRefusedException(
                $"Auth:Mode '{configured}' is not a mode (expected SingleUser or Accounts)");
        }

        if (mode == AuthMode.SingleUser && postgres)
        {
            throw new StartupRefusedException(
                "Auth:Mode SingleUser is refused on PostgreSQL (a shared database needs accounts): set Auth__Mode=Accounts and create an administrator with 'perfeval users add NAME --role admin --connection …'");
        }

        if (mode == AuthMode.SingleUser)
        {
            var urls = configuration["urls"] ?? configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "";
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IsLoopbackUrl(url))
                {
                    throw new StartupRefusedException(ExposedMessage(url));
                }
            }
        }

        return mode;
    }

    public static string ExposedMessage(string url) =>
        $"Auth:Mode SingleUser signs everyone in as administrator, so it listens on loopback only, not {url}: use Urls=http://localhost:5000, or set Auth__Mode=Accounts and create accounts with 'perfeval users add'";

    /// <summary>True for http(s)://localhost, 127.x.x.x and [::1]; false for *, +, 0.0.0.0 and other hosts.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']') + 1)] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration[ProviderKey]?.Trim(), nameof(DatabaseProvider.PostgreSQL),
            StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddPerfEvalAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var mode = ResolveMode(builder.Configuration);
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.PostConfigure<AuthOptions>(o => o.Mode = mode);

        AccountServices.AddStores(services);
        DatabaseKeyRing.Add(services);
        services.AddIdentity<IdentityUser, IdentityRole>(AccountPolicy.Configure)
            .AddEntityFrameworkStores<PerfEvalDbContext>();
        // A role changed or an account removed takes effect within a minute on a signed-in browser.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = ".PerfEval.Auth";
            o.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to a finding pasted into a mail or chat must open signed in; cross-site POSTs
            // are refused by the antiforgery token anyway.
            o.Cookie.SameSite = SameSiteMode.Lax;
            // SameAsRequest: Secure behind HTTPS (or a TLS proxy that says so), still usable on http://localhost.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.AccessDeniedPath = "/denied";
            o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        if (mode == AuthMode.Accounts)
        {
            services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider,
                RevalidatingAuthStateProvider>();
        }
        else
        {
            services.AddAuthentication()
                .AddScheme<AuthenticationSchemeOptions, SingleUserAuthenticationHandler>(
                    SingleUserAuthenticationHandler.SchemeName, null);
            services.Configure<AuthenticationOptions>(o =>
            {
                o.DefaultScheme = SingleUserAuthenticationHandler.SchemeName;
                o.DefaultAuthenticateScheme = SingleUserAuthenticationHandler.SchemeName;
                o.DefaultChallengeScheme = SingleUserAuthenticationHandler.SchemeName;
                o.DefaultForbidScheme = SingleUserAuthenticationHandler.SchemeName;
            });
        }

        services.AddAuthorization(Policies.Add);
        services.AddCascadingAuthenticationState();
        services.AddSingleton<LocalUser>();
        services.AddSingleton<ActionGuard>();
        services.AddSingleton<AuditQuery>();
        services.AddSingleton<UserAdminService>();
        return builder;
    }

    /// <summary>Plain HTTP callers (the review and import endpoints, exports) get 401/403, pages a redirect.</summary>
    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/export"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Authentication and authorization middleware (before antiforgery, which needs the user).</summary>
    public static WebApplication UsePerfEvalAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Behind a TLS reverse proxy on the same host (the default known proxies are loopback only): the request
        // counts as HTTPS, so the sign-in cookie is Secure.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
        app.UseAuthentication();
        app.UseAuthorization();
        var mode = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Mode;
        AuthLog.Mode(app.Logger, mode ?? AuthMode.SingleUser);
        return app;
    }
}
