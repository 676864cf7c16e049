using System.CommandLine;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval bench --forms N</c>: placeholder until the benchmark lands.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var forms = new Option<int>("--forms") { Description = "Number of forms to generate and load.", DefaultValueFactory = _ => 1000 };
        var command = new Command("bench", "Measure ingest and analysis on a generated corpus.") { forms };
        command.SetAction(_ =>
        {
            console.Error.WriteLine("bench: not built yet");
            return PerfEvalCli.UsageError;
        });
        return command;
    }
}
