using System.CommandLine;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval init-settings [--out FILE]</c>: every rule and setting at its default.</summary>
internal static class InitSettingsCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var command = new Command("init-settings", "Print the rule settings file with every rule at its defaults.")
        {
            output,
        };
        command.SetAction(result =>
        {
            var json = RuleCatalog.DefaultSettingsJson();
            var file = result.GetValue(output);
            if (file is null)
            {
                console.Out.WriteLine(json);
            }
            else
            {
                File.WriteAllText(file.FullName, json + "\n");
                console.Out.WriteLine($"wrote {file.FullName}");
            }

            return PerfEvalCli.Ok;
        });
        return command;
    }
}
