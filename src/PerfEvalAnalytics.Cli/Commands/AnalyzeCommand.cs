using System.CommandLine;
using System.Globalization;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval analyze [--db FILE] [--rules FILE] [--json] [--lang zh|en]</c>: analyse the stored forms.</summary>
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
            result.GetValue(json), LanguageOption.IsEnglish(result.GetValue(lang)), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string> db, string rulesPath, bool json, bool english,
        CliConsole console, CancellationToken ct)
    {
        var catalog = RulesOption.Load(rulesPath, console);
        if (catalog is null)
        {
            return PerfEvalCli.UsageError;
        }

        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        var job = await new AnalysisJob(store.Factory, store.Bulk, TimeProvider.System)
            .RunAsync(catalog, ct);
        await new AuditLog(store.Factory, TimeProvider.System).RecordAsync(
            AuditLog.AnalysisRecord(AuditLog.CliActor, job), ct);
        var result = job.Result;
        if (json)
        {
            console.Out.WriteLine(FindingOutput.Json(result.Findings));
            return PerfEvalCli.Ok;
        }

        FindingOutput.WriteSummary(result.Findings, console.Out, english);
        FindingOutput.WriteSkipped(result.Skipped, console.Out);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {job.Run.RunId}: {result.FormCount} forms, {result.RuleCount} rules (settings {result.SettingsHash}); "
            + $"load {job.LoadTime.TotalSeconds:F2} s, analyse {job.AnalyseTime.TotalSeconds:F2} s, store {job.StoreTime.TotalSeconds:F2} s; "
            + $"{job.Run.StillReviewed} findings keep an earlier review"));
        console.Out.WriteLine("slowest rules (form rules summed over threads): " + FindingOutput.SlowestRules(result, 5));
        return PerfEvalCli.Ok;
    }
}
