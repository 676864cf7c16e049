namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>The dashboard's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis skipped: {Error}")]
    public static partial void AnalysisSkipped(ILogger logger, string error);

    public static void Ingested(ILogger logger, IngestReport report)
    {
        var added = report.Count(Domain.StoreOutcome.Added);
        var unchanged = report.Count(Domain.StoreOutcome.Unchanged);
        var replaced = report.Count(Domain.StoreOutcome.Replaced);
        var failed = report.Files.Count(f => f.Failed);
        var findings = report.Analysis?.Result.Findings.Count ?? -1;
        Ingested(logger, report.Files.Count, added, unchanged, replaced, failed, findings);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Files} files: {Added} added, {Unchanged} unchanged, {Replaced} replaced, {Failed} failed; {Findings} findings after analysis (-1: no analysis needed)")]
    private static partial void Ingested(ILogger logger, int files, int added, int unchanged, int replaced, int failed,
        int findings);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Dashboard:IngestOnStart is false: serving the database as it is")]
    public static partial void NoStartupIngest(ILogger logger);
}
