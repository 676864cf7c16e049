namespace PerfEvalAnalytics.Tests.Shared;

/// <summary>
/// Golden files: what the code gives now, compared with the committed file. Rewritten deliberately by running the
/// tests with PERFEVAL_UPDATE_GOLDEN=1; review the diff before committing it.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string path, string actual)
    {
        if (Environment.GetEnvironmentVariable("PERFEVAL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"missing golden file {path}");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
