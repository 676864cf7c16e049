using PerfEvalAnalytics.Dashboard;

// Content root = the build output (appsettings.json sits there), so `dotnet run --project src/…` from the repository
// root finds its settings while data paths stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddPerfEvalDashboard();

var app = builder.Build();
app.MapPerfEvalDashboard();
await app.RunAsync();

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
