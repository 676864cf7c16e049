namespace PerfEvalAnalytics.Ingestion;

/// <summary>One grid read from a file, with the part of the file it came from.</summary>
/// <param name="Part">Sheet name, "table N" or "pages a-b"; null for a single-grid text file.</param>
/// <param name="Grid">The cells.</param>
/// <param name="Encoding">How the content was decoded (utf-8, gb18030, xlsx, xls, pdf …).</param>
public sealed record GridPart(string? Part, CellGrid Grid, string Encoding);
