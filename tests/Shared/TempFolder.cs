namespace PerfEvalAnalytics.Tests.Shared;

/// <summary>A temporary folder for one test, deleted with everything in it when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _info;

    public TempFolder(string prefix) => _info = Directory.CreateTempSubdirectory(prefix);

    /// <summary>The folder's full path.</summary>
    public string Path => _info.FullName;

    /// <summary>The files in the folder now.</summary>
    public FileInfo[] Files() => _info.GetFiles();

    public void Dispose()
    {
        if (Directory.Exists(_info.FullName))
        {
            _info.Delete(recursive: true);
        }
    }
}
