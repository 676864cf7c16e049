using System.CommandLine;
using System.Globalization;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval analyze [--db FILE] [--rules FILE] [--json] [--lang zh|en]</c>: analyse the stored forms with
/// <c>--rules FILE</c> when given, else the settings saved in the store, else data/settings/rules.json.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliConsole console)
    {
        var db = DatabaseOption.Create();
        var rules = RulesOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON instead of the summary." };
        var lang = LanguageOption.Create();
        var command = new Command("analyze", "Run every enabled rule on the stored forms and store the findings.")
        {
            db, rules, json, lang,
        };
        command.SetAction((result, ct) => RunAsync(result, db, result.GetValue(rules)!,
            result.GetResult(rules) is { Implicit: false }, result.GetValue(json),
            LanguageOption.IsEnglish(result.GetValue(lang)), console, ct));
        return command;
    }

    /// <summary>The settings: <c>--rules FILE</c> when given; else the store's (saved on the dashboard's 规则设置
    /// page) when there are any; else the default rules file.</summary>
    private static async Task<int> RunAsync(ParseResult parse, Option<string> db, string rulesPath, bool rulesGiven,
        bool json, bool english, CliConsole console, CancellationToken ct)
    {
        var catalog = rulesGiven ? RulesOption.Load(rulesPath, console) : null;
        if (rulesGiven && catalog is null)
        {
            return PerfEvalCli.UsageError;
        }

        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        var origin = rulesPath;
        if (catalog is null)
        {
            var settings = await new RuleSettingsStore(store.Factory, TimeProvider.System).EffectiveAsync(rulesPath, ct);
            origin = settings.Origin;
            catalog = RulesOption.Load(settings, console);
            if (catalog is null)
            {
                return PerfEvalCli.UsageError;
            }
        }

        var job = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System)
            .RunAsync(catalog, ct);
        using var result = job.Result;
        await new AuditLog(store.Factory, TimeProvider.System).RecordAsync(
            AuditLog.AnalysisRecord(AuditLog.CliActor, job), ct);
        if (json)
        {
            FindingOutput.WriteJson(result.Findings, console.Out);
            return PerfEvalCli.Ok;
        }

        FindingOutput.WriteSummary(result.Findings, console.Out, english);
        FindingOutput.WriteSkipped(result.Skipped, console.Out);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {job.Run.RunId}: {result.FormCount} forms, {result.RuleCount} rules (settings {result.SettingsHash} from {origin}); "
            + $"load {job.LoadTime.TotalSeconds:F2} s, analyse {job.AnalyseTime.TotalSeconds:F2} s, store {job.StoreTime.TotalSeconds:F2} s; "
            + $"{job.Run.StillReviewed} findings keep an earlier review"));
        console.Out.WriteLine("slowest rules (form rules summed over threads): " + FindingOutput.SlowestRules(result, 5));
        return PerfEvalCli.Ok;
    }
}
