namespace PerfEvalAnalytics.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, messages and errors to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output (results, JSON).</param>
/// <param name="Error">Standard error (per-file failures, progress).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Where secrets are read from instead of the terminal (tests); null: the process's standard input.</summary>
    public TextReader? In { get; init; }

    /// <summary>True when standard error is a terminal, so a live progress display makes sense.</summary>
    public bool IsInteractive =>
        ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
}
