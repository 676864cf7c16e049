using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Queries;

namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>Sign-in and sign-out (form posts with antiforgery tokens) and the admin-only audit export.</summary>
internal static class AccountEndpoints
{
    /// <summary>Why the sign-in page is shown again (query <c>error=</c>).</summary>
    public const string Failed = "failed";

    public const string LockedOut = "locked";

    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/signin", async ([FromForm] SignInForm form, SignInManager<IdentityUser> signIn,
            IOptions<AuthOptions> options, AuditLog audit, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var target = LocalOrRoot(form.ReturnUrl);
            if (options.Value.Mode == AuthMode.SingleUser)
            {
                return Results.LocalRedirect(target);
            }

            var name = (form.UserName ?? "").Trim();
            var result = name.Length == 0 || string.IsNullOrEmpty(form.Password)
                ? Microsoft.AspNetCore.Identity.SignInResult.Failed
                : await signIn.PasswordSignInAsync(name, form.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return Results.LocalRedirect(target);
            }

            var error = result.IsLockedOut ? LockedOut : Failed;
            AuthLog.SignInRefused(loggers.CreateLogger("PerfEvalAnalytics.Dashboard.SignIn"), name, error);
            if (name.Length > 0)
            {
                await audit.RecordAsync(new AuditRecord("anonymous",
                    result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, name,
                    result.IsLockedOut ? $"sign-in as {name} refused: account locked" : $"failed sign-in as {name}"),
                    ct);
            }

            return Results.LocalRedirect(
                $"/signin?error={error}&returnUrl={Uri.EscapeDataString(target)}");
        }).AllowAnonymous();

        // No form fields are bound here, so the token is checked explicitly: a cross-site page must not be able to
        // sign a user out.
        app.MapPost("/account/signout", async (HttpContext http, IAntiforgery antiforgery,
            SignInManager<IdentityUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("antiforgery token missing or invalid");
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/signin");
        });

        app.MapGet("/export/audit", async (HttpContext http, AuditQuery query, CancellationToken ct) =>
        {
            var filter = ParseFilter(http.Request.Query);
            var temp = new MemoryStream();
            await query.WriteCsvAsync(filter, temp, ct);
            temp.Position = 0;
            return Results.File(temp, "text/csv; charset=utf-8", "audit.csv");
        }).RequireAuthorization(Policies.Admin);
    }

    /// <summary>The audit page's filter from a query string (dates as yyyy-MM-dd: calendar days of the server's time
    /// zone, both included).</summary>
    public static AuditFilter ParseFilter(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        static DateTime? Day(string? text) =>
            DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : null;
        static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return DayFilter(Text(query["actor"]), Text(query["action"]), Day(query["from"]), Day(query["to"]),
            Text(query["q"]));
    }

    /// <summary>A filter whose days (server time zone, <paramref name="to"/> included) become a UTC range.</summary>
    public static AuditFilter DayFilter(string? actor, string? action, DateTime? from, DateTime? to, string? text)
    {
        static DateTime Utc(DateTime day) => DateTime.SpecifyKind(day.Date, DateTimeKind.Local).ToUniversalTime();
        return new AuditFilter(actor, action, from is { } f ? Utc(f) : null, to is { } t ? Utc(t.AddDays(1)) : null,
            text);
    }

    /// <summary>Local paths only: never an open redirect.</summary>
    public static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal)
            && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/";

    internal sealed class SignInForm
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
