namespace PerfEvalAnalytics.Cli.Tests;

/// <summary>A scratch folder and database per test class instance, and running the CLI in-process.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase() => Directory.CreateDirectory(Folder);

    protected string Folder { get; } =
        Path.Combine(Path.GetTempPath(), "perfeval-cli-tests", Guid.NewGuid().ToString("N"));

    protected string Db => Path.Combine(Folder, "cli.db");

    protected static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PerfEvalCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files never fail a test.
        }
    }
}
