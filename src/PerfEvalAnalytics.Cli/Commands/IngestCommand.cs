using System.CommandLine;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;
using Spectre.Console;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval ingest PATH... [--db FILE]</c>: load forms into the database.</summary>
internal static class IngestCommand
{
    /// <summary>Below this many files an ingest finishes before a progress bar would be worth reading.</summary>
    private const int ProgressThreshold = 20;

    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Form files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var db = DatabaseOption.Create();
        var aliases = new Option<string?>("--aliases")
        {
            Description = $"Unit alias list (alias → canonical name); default {UnitAliases.DefaultPath} when it exists.",
        };
        var command = new Command("ingest", "Parse form files and store them (each form atomic: all of it or nothing; batches of forms share a transaction).")
        {
            paths, db, aliases,
        };
        command.SetAction((result, ct) =>
            RunAsync(result.GetValue(paths)!, result, db, result.GetValue(aliases), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, ParseResult parse, Option<string> db, string? aliasPath,
        CliConsole console,
        CancellationToken ct)
    {
        UnitAliases aliases;
        try
        {
            aliases = aliasPath is not null || File.Exists(UnitAliases.DefaultPath)
                ? UnitAliases.Load(aliasPath ?? UnitAliases.DefaultPath)
                : UnitAliases.None;
        }
        catch (FormParseException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return PerfEvalCli.UsageError;
        }

        var files = FormFiles.Expand(paths, out var missing);
        foreach (var m in missing)
        {
            console.Error.WriteLine($"{m}: no such file or folder");
        }

        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        var ingestor = new BatchIngestor(new FormStore(store.Factory, store.Bulk, TimeProvider.System), aliases);
        var counts = new Dictionary<string, int> { ["added"] = 0, ["unchanged"] = 0, ["replaced"] = 0, ["failed"] = 0 };
        var rows = 0;
        var audit = new ImportAudit();
        var started = TimeProvider.System.GetTimestamp();

        async Task Consume(Action<string> report, Action? tick)
        {
            await foreach (var r in ingestor.IngestAsync(files, ct))
            {
                var status = r.Outcome switch
                {
                    StoreOutcome.Added => "added",
                    StoreOutcome.Unchanged => "unchanged",
                    StoreOutcome.Replaced => "replaced",
                    _ => "failed",
                };
                counts[status]++;
                audit.Add(r.Path, r.Outcome);
                var rel = Path.GetRelativePath(Environment.CurrentDirectory, r.Path)
                    + (r.Part is null ? "" : $"[{r.Part}]");
                if (r.Failed)
                {
                    report($"failed     {rel}: {r.Detail}");
                }
                else
                {
                    rows += r.Form!.Indicators.Count;
                    var alias = r.Form.UnitNameAsFiled is null ? "" : $"; unit alias {r.Form.UnitNameAsFiled} → {r.Form.UnitName}";
                    var partial = r.Form.IsIncomplete ? "; incomplete: " + r.Form.IncompleteReason : "";
                    var what = $"{r.Form.UnitName} {r.Form.Year} {r.Form.Kind} ({r.Form.Indicators.Count} indicators)"
                        + alias + partial;
                    report($"{status,-10} {rel}: {what}{(r.Detail is null ? "" : "; " + r.Detail)}");
                }

                tick?.Invoke();
            }
        }

        // A live bar only where someone watches: a terminal, many files, not CI or a pipe. It draws on standard
        // error; the per-file lines are held back until it is done, so the two never interleave.
        if (console.IsInteractive && files.Count > ProgressThreshold)
        {
            var held = new List<string>(files.Count);
            var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await terminal.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("ingest", maxValue: files.Count);
                await Consume(held.Add, () => task.Increment(1));
            });
            held.ForEach(console.Out.WriteLine);
        }
        else
        {
            await Consume(console.Out.WriteLine, null);
        }

        await new AuditLog(store.Factory, TimeProvider.System).RecordAsync(audit.Record(AuditLog.CliActor), ct);
        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        console.Out.WriteLine(
            $"{files.Count} files: {counts["added"]} added, {counts["unchanged"]} unchanged, {counts["replaced"]} replaced, "
            + $"{counts["failed"]} failed; {counts.Values.Sum()} forms, {rows} indicator rows read in {seconds:F1} s; database {store.Description}");
        return counts["failed"] == 0 && missing.Count == 0 ? PerfEvalCli.Ok : PerfEvalCli.InputError;
    }
}
