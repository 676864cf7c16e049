using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// The dashboard on a scratch copy of the committed samples and rules (never the repository's data/): its own
/// database, data folder and upload folder, so tests neither share state nor touch the working tree.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    public DashboardFactory()
    {
        Root = Path.Combine(Path.GetTempPath(), "perfeval-dashboard-tests", Guid.NewGuid().ToString("N"));
        CopyFolder(TestData.Samples, Path.Combine(Root, "data", "samples"));
        CopyFolder(Path.Combine(TestData.RepoRoot, "data", "settings"), Path.Combine(Root, "data", "settings"));
    }

    public string Root { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(Extensions.DatabasePathKey, Path.Combine(Root, "perfeval.db"));
        builder.UseSetting("Dashboard:DataFolder", Path.Combine(Root, "data"));
        builder.UseSetting("Dashboard:RulesFile", Path.Combine(Root, "data", "settings", "rules.json"));
        builder.UseSetting("Dashboard:AliasesFile", Path.Combine(Root, "data", "settings", "aliases.json"));
        builder.UseSetting("Dashboard:UploadFolder", Path.Combine(Root, "data", "uploads"));
        // Single-user mode (the default on SQLite): every request is this local administrator.
        builder.UseSetting("Auth:LocalUserName", LocalUserName);
    }

    /// <summary>The single-user mode's administrator in these tests (the OS user name by default).</summary>
    public const string LocalUserName = "王审计";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder under /tmp; a file still held open is not worth failing a test for.
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
