namespace PerfEvalAnalytics.Ingestion;

/// <summary>Which files in the paths a user names are forms to read.</summary>
public static class FormFiles
{
    /// <summary>Extensions picked up when a folder is named; a file named explicitly is always tried.</summary>
    public static IReadOnlyList<string> FolderExtensions { get; } = [".txt", ".tsv", ".csv", ".xlsx", ".xls", ".html", ".htm", ".pdf"];

    /// <summary>
    /// Expands files and folders (recursively) into a sorted, de-duplicated list of files. Paths that do not exist
    /// are returned in <paramref name="missing"/>.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, out IReadOnlyList<string> missing)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var notFound = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    var name = Path.GetFileName(f);
                    if (!name.StartsWith('.') && FolderExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    {
                        files.Add(Path.GetFullPath(f));
                    }
                }
            }
            else
            {
                notFound.Add(path);
            }
        }

        missing = notFound;
        return [.. files];
    }
}
