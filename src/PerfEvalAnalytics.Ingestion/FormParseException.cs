namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// A file that cannot be read as a self-evaluation form. The message names the file, the line where known, and
/// what was expected; it is meant for the user, so no stack trace is shown for it.
/// </summary>
public sealed class FormParseException : Exception
{
    public FormParseException(string fileName, int? line, string reason)
        : base(line is null ? $"{fileName}: {reason}" : $"{fileName}:{line}: {reason}")
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    public FormParseException()
        : this("(unknown file)", null, "unreadable form")
    {
    }

    public FormParseException(string message)
        : this("(unknown file)", null, message)
    {
    }

    public FormParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = "(unknown file)";
        Reason = message;
    }

    /// <summary>The file name (no directories).</summary>
    public string FileName { get; }

    /// <summary>1-based line, or null when the problem is the whole file.</summary>
    public int? Line { get; }

    /// <summary>What was wrong and what was expected.</summary>
    public string Reason { get; }
}
