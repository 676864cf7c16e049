using Microsoft.AspNetCore.Localization;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Data.Export;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>Plain HTTP endpoints next to the Blazor pages: language switch and findings export.</summary>
internal static class Endpoints
{
    public static void MapDashboardEndpoints(this WebApplication app)
    {
        app.MapGet("/culture/{name}", (string name, string? redirect, HttpContext http) =>
        {
            var culture = name == UiText.English ? UiText.English : UiText.Chinese;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true });
            // Local paths only: never an open redirect.
            return Results.LocalRedirect(Auth.AccountEndpoints.LocalOrRoot(redirect));
        }).AllowAnonymous(); // the sign-in page has the language switch too

        app.MapGet("/export/findings", async (HttpContext http, FindingsGridQuery query, CancellationToken ct) =>
        {
            var format = http.Request.Query["format"].ToString() == "xlsx" ? ExportFormat.Xlsx : ExportFormat.Csv;
            var filter = FindingFilterQueryString.Parse(http.Request.Query);
            var temp = Path.Combine(Path.GetTempPath(), $"perfeval-export-{Guid.NewGuid():N}");
            await FindingsExporter.WriteAsync(query.ExportAsync(filter, ct), format, temp, ct);
            var (type, extension) = format == ExportFormat.Xlsx
                ? ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
                : ("text/csv; charset=utf-8", "csv");
            var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return Results.File(stream, type, $"findings.{extension}");
        });
    }
}
