namespace PerfEvalAnalytics.Domain;

/// <summary>Where a form came from.</summary>
/// <param name="FileName">The file name (without directories).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Encoding">The text encoding the file was decoded with (utf-8, gb18030 …).</param>
public sealed record SourceInfo(string FileName, string Sha256, string Encoding)
{
    /// <summary>
    /// Which part of the file holds the form when a file can hold several: a workbook's sheet name, an HTML
    /// page's table number, a PDF's page range; null for a single-form text file.
    /// </summary>
    public string? Part { get; init; }
}
