using PerfEvalAnalytics.Dashboard;
using PerfEvalAnalytics.Dashboard.Auth;

// Content root = the build output (appsettings.json sits there), so `dotnet run --project src/…` from the repository
// root finds its settings while data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
// Static files (app.css, blazor.web.js, Radzen's theme) come from the build's static-web-assets manifest in every
// environment: `dotnet run` without a launch profile is Production, where the SDK would otherwise serve them only from a
// published wwwroot, and a build output has none (the pages then load unstyled and without their scripts). A
// published app has no manifest and serves its own wwwroot.
builder.WebHost.UseStaticWebAssets();
try
{
    builder.AddPerfEvalDashboard();
}
catch (StartupRefusedException ex)
{
    // A configuration the dashboard will not run with (e.g. single-user mode on a public address): one line.
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 2;
}

var app = builder.Build();
app.MapPerfEvalDashboard();
await app.RunAsync();
return Environment.ExitCode;

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
