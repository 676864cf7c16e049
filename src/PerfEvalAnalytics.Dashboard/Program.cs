using PerfEvalAnalytics.Dashboard;
using PerfEvalAnalytics.Dashboard.Auth;

// Content root = the build output (appsettings.json sits there), so `dotnet run --project src/…` from the repository
// root finds its settings while data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
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
