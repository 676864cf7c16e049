using System.Globalization;
using Microsoft.AspNetCore.Localization;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Dashboard.Components;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Ingestion;
using Radzen;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>The dashboard's composition root: every service and endpoint is wired here.</summary>
public static class Extensions
{
    /// <summary>Configuration key of the SQLite file (env <c>Database__Path</c>).</summary>
    public const string DatabasePathKey = "Database:Path";

    /// <summary>
    /// The unit aliases every ingest of the dashboard applies (<see cref="DashboardOptions.AliasesFile"/> when it
    /// exists, as <c>perfeval ingest</c> does); a file that does not bind refuses the start, naming the file and line.
    /// </summary>
    internal static UnitAliases LoadAliases(IConfiguration configuration)
    {
        var path = configuration[$"{DashboardOptions.Section}:{nameof(DashboardOptions.AliasesFile)}"] ?? UnitAliases.DefaultPath;
        try
        {
            return File.Exists(path) ? UnitAliases.Load(path) : UnitAliases.None;
        }
        catch (FormParseException ex)
        {
            throw new StartupRefusedException($"{DashboardOptions.Section}:{nameof(DashboardOptions.AliasesFile)}: {ex.Message}");
        }
    }

    public static WebApplicationBuilder AddPerfEvalDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // First of the hosted services, which start in the order they are added: the schema is migrated before data
        // protection (added by the components' antiforgery and by sign-in) loads its key ring from the database.
        services.AddHostedService<Auth.AccountsStartup>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        services.AddSingleton(TimeProvider.System);

        // One pooled factory for the whole app (SQLite or PostgreSQL, from Database:Provider): every query and store
        // creates a short-lived context per call.
        services.AddPerfEvalDatabase(builder.Configuration);

        services.AddSingleton<FindingsGridQuery>();
        services.AddSingleton<FormDetailQuery>();
        services.AddSingleton<OverviewQuery>();
        services.AddSingleton<ReviewQuery>();
        services.AddSingleton<UnitTrendsQuery>();
        services.AddSingleton<ExplanationsQuery>();
        services.AddSingleton<PeerPositionQuery>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<RuleSettingsStore>();
        services.AddSingleton<SettingsService>();

        services.AddSingleton(LoadAliases(builder.Configuration));
        services.AddSingleton<DataJobs>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<OverviewCharts>();
        services.AddSingleton<UiText>();
        services.AddHostedService<StartupJob>();
        builder.AddPerfEvalAuth();
        return builder;
    }

    public static WebApplication MapPerfEvalDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(UiText.Chinese),
            SupportedCultures = [new CultureInfo(UiText.Chinese), new CultureInfo(UiText.English)],
            SupportedUICultures = [new CultureInfo(UiText.Chinese), new CultureInfo(UiText.English)],
            // Only the cookie: the browser's Accept-Language must not turn a Chinese office's UI English.
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });
        app.UsePerfEvalAuth();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapDashboardEndpoints();
        app.MapAccountEndpoints();
        app.MapActionEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
