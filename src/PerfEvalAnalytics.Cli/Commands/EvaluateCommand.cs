using System.CommandLine;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Generator;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// <c>perfeval evaluate --labels FILE [--db FILE]</c>: compares the stored findings (of the latest <c>analyze</c>)
/// with the labels of a generated corpus and prints per-rule and overall precision, recall and F1.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var labels = new Option<string>("--labels") { Description = "labels.jsonl written by perfeval generate.", Required = true };
        var db = DatabaseOption.Create();
        var command = new Command("evaluate", "Measure the stored findings against a generated corpus's labels.")
        {
            labels, db,
        };
        command.SetAction((result, ct) => RunAsync(result.GetValue(labels)!, result, db, console, ct));
        return command;
    }

    private static async Task<int> RunAsync(string labelsPath, ParseResult parse, Option<string> db,
        CliConsole console, CancellationToken ct)
    {
        IReadOnlyList<AnomalyLabel> labels;
        try
        {
            labels = AnomalyLabel.ReadAll(labelsPath);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return PerfEvalCli.UsageError;
        }

        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        var factory = store.Factory;
        var query = new FindingsQuery(factory);
        if (await query.LatestRunAsync(ct) is null)
        {
            console.Error.WriteLine($"error: no analysis stored in {store.Description}: run perfeval analyze first");
            return PerfEvalCli.UsageError;
        }

        var findings = new List<FindingRef>();
        await foreach (var f in query.ListAsync(new FindingFilter(), ct))
        {
            findings.Add(new FindingRef(f.FileName, f.Unit, f.Year, f.Line, f.Rule));
        }

        var evaluation = LabelEvaluator.Evaluate(labels, findings);
        console.Out.Write(evaluation.ToTable());
        return PerfEvalCli.Ok;
    }
}
