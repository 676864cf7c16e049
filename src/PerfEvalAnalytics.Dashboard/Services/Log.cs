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
        if (report.Analysis is { } analysis)
        {
            IngestedAndAnalysed(logger, report.Files.Count, added, unchanged, replaced, failed,
                analysis.Result.Findings.Count);
        }
        else
        {
            IngestedUnchanged(logger, report.Files.Count, added, unchanged, replaced, failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Files} forms: {Added} added, {Unchanged} unchanged, {Replaced} replaced, {Failed} failed; analysed: {Findings} findings")]
    private static partial void IngestedAndAnalysed(ILogger logger, int files, int added, int unchanged, int replaced,
        int failed, int findings);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingested {Files} forms: {Added} added, {Unchanged} unchanged, {Replaced} replaced, {Failed} failed; no form changed, the stored findings stand")]
    private static partial void IngestedUnchanged(ILogger logger, int files, int added, int unchanged, int replaced,
        int failed);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Dashboard:IngestOnStart is false: serving the database as it is")]
    public static partial void NoStartupIngest(ILogger logger);
}
