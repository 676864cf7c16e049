using System.CommandLine;
using System.CommandLine.Invocation;
using PerfEvalAnalytics.Cli.Commands;

namespace PerfEvalAnalytics.Cli;

/// <summary>The <c>perfeval</c> command line: parse, ingest, forms, analyze, check, export, review, init-settings,
/// generate, evaluate, bench, users.</summary>
public static class PerfEvalCli
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when some input could not be read or ingested (the rest still went in).</summary>
    public const int InputError = 1;

    /// <summary>Exit code for a usage or environment error: a command line that does not parse (unknown command or
    /// option, missing argument, a value an option does not accept), a bad option value a command refuses, an
    /// unusable database path.</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        await RunAsync(args, new CliConsole(stdout, stderr), ct);

    /// <summary>Runs with <paramref name="console"/> (tests give it an input for passwords).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        var (stdout, stderr) = (console.Out, console.Error);
        var root = new RootCommand("PerfEvalAnalytics: load and review 绩效自评表 (performance self-evaluation forms).")
        {
            ParseCommand.Create(console),
            IngestCommand.Create(console),
            FormsCommand.Create(console),
            AnalyzeCommand.Create(console),
            CheckCommand.Create(console),
            ExportCommand.Create(console),
            ReviewCommand.Create(console),
            UsersCommand.Create(console),
            InitSettingsCommand.Create(console),
            SettingsCommand.Create(console),
            GenerateCommand.Create(console),
            EvaluateCommand.Create(console),
            BenchCommand.Create(console),
        };
        root.Options.Add(DatabaseOption.Connection);

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        var parse = root.Parse(args);
        var code = await parse.InvokeAsync(config, ct);

        // A command line that does not parse runs System.CommandLine's error action: its messages on standard error,
        // the help on standard output, and its own exit code 1, which would read as "some input could not be read".
        // (--help or --version given with an error still win and exit 0, as System.CommandLine decides.)
        return parse.Action is ParseErrorAction ? UsageError : code;
    }
}
