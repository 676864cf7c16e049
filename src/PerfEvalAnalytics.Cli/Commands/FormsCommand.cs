using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval forms [--db FILE] [--json]</c>: list stored forms.</summary>
internal static class FormsCommand
{
    public static Command Create(CliConsole console)
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the list as JSON." };
        var command = new Command("forms", "List the forms stored in the database.") { db, json };
        command.SetAction((result, ct) => RunAsync(result, db, result.GetValue(json), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string> db, bool json, CliConsole console, CancellationToken ct)
    {
        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        var query = new FormsQuery(store.Factory);
        if (json)
        {
            var items = new List<FormListItem>();
            await foreach (var item in query.ListAsync(ct))
            {
                items.Add(item);
            }

            console.Out.WriteLine(JsonSerializer.Serialize(items, FormJson.Options));
            return PerfEvalCli.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        var count = 0;
        console.Out.WriteLine("unit\tyear\tkind\tproject\tindicators\ttotal points\ttotal score\tsource file");
        await foreach (var f in query.ListAsync(ct))
        {
            count++;
            console.Out.WriteLine(string.Create(c,
                $"{f.Unit}\t{f.Year}\t{f.Kind}\t{f.Project ?? "-"}\t{f.IndicatorCount}\t{f.TotalPoints:0.00}\t{f.TotalScore:0.00}\t{f.FileName}"));
        }

        console.Out.WriteLine($"{count} forms");
        return PerfEvalCli.Ok;
    }
}
