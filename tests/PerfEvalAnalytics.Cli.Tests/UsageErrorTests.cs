namespace PerfEvalAnalytics.Cli.Tests;

/// <summary>
/// A command line that does not parse is a usage error (exit 2), told apart from input that could not be read (exit 1,
/// see <see cref="CliTests"/>): System.CommandLine's own message goes to standard error and nothing runs.
/// </summary>
public sealed class UsageErrorTests : CliTestBase
{
    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "analyze", "--db", "{db}", "--bogus")]
    [InlineData("Unrecognized command or argument '--jsn'", "forms", "--db", "{db}", "--jsn")]
    [InlineData("Cannot parse argument 'abc' for option '--forms'", "bench", "--forms", "abc")]
    [InlineData("Cannot parse argument 'xml' for option '--format'", "export", "--db", "{db}", "--format", "xml",
        "--out", "{folder}/findings.xml")]
    [InlineData("Cannot parse argument 'soon' for option '--year'", "export", "--db", "{db}", "--format", "csv",
        "--out", "{folder}/findings.csv", "--year", "soon")]
    [InlineData("Required argument missing for command: 'parse'", "parse")]
    [InlineData("Option '--years' is required", "generate", "--units", "2", "--out", "{folder}/corpus")]
    [InlineData("Unrecognized command or argument 'analyse'", "analyse", "--db", "{db}")]
    public async Task CommandLineThatDoesNotParse_ExitsTwo_WithTheParserMessageOnStandardError(string message,
        params string[] args)
    {
        var (code, _, stderr) = await RunAsync([.. args.Select(a => a.Replace("{db}", Db, StringComparison.Ordinal)
            .Replace("{folder}", Folder, StringComparison.Ordinal))]);

        Assert.Equal(PerfEvalCli.UsageError, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Db), "nothing may run when the command line does not parse");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Folder));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("analyze", "--help")]
    [InlineData("analyze", "--help", "--bogus")]
    public async Task Help_ExitsZero_EvenBesideAMistypedOption(params string[] args)
    {
        var (code, stdout, _) = await RunAsync(args);

        Assert.Equal(PerfEvalCli.Ok, code);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }
}
