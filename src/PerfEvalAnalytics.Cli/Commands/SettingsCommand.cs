using System.CommandLine;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// <c>perfeval settings [--db FILE | --connection …] [--rules FILE] [--out FILE]</c>: the rule settings
/// <c>analyze</c> uses on that store (saved on the dashboard's 规则设置 page, else the rules file), every setting
/// spelled out; a file written with <c>--out</c> reproduces them with <c>analyze --rules FILE</c>.
/// </summary>
internal static class SettingsCommand
{
    public static Command Create(CliConsole console)
    {
        var db = DatabaseOption.Create();
        var rules = RulesOption.Create();
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var command = new Command("settings",
            "Print the rule settings analyze uses on the store: those saved on the dashboard's settings page, else the rules file.")
        {
            db, rules, output,
        };
        command.SetAction(async (result, ct) =>
        {
            var store = await DatabaseOption.OpenStoreAsync(result, db, console, ct);
            if (store is null)
            {
                return PerfEvalCli.UsageError;
            }

            var settings = await new RuleSettingsStore(store.Factory, TimeProvider.System)
                .EffectiveAsync(result.GetValue(rules)!, ct);
            string json;
            string hash;
            try
            {
                json = RuleCatalog.EffectiveSettingsJson(settings.Json, settings.Origin);
                hash = settings.Catalog().SettingsHash;
            }
            catch (RuleSettingsException ex)
            {
                console.Error.WriteLine($"error: {ex.Message}");
                return PerfEvalCli.UsageError;
            }

            var from = settings.FromStore
                ? $"{settings.Origin}, saved by {settings.UpdatedBy} at {settings.UpdatedAtUtc:yyyy-MM-dd HH:mm} UTC"
                : settings.Origin;
            var file = result.GetValue(output);
            if (file is null)
            {
                console.Out.WriteLine(json);
                console.Error.WriteLine($"settings {hash} from {from}");
            }
            else
            {
                await File.WriteAllTextAsync(file.FullName, json + "\n", ct);
                console.Out.WriteLine($"wrote {file.FullName}: settings {hash} from {from}");
            }

            return PerfEvalCli.Ok;
        });
        return command;
    }
}
