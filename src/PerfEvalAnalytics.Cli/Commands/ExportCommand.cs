using System.CommandLine;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Export;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval export --format csv|xlsx|json --out FILE [filters]</c>: write the stored findings.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var db = DatabaseOption.Create();
        var format = new Option<ExportFormat>("--format") { Description = "csv, xlsx or json.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };
        var rule = new Option<string?>("--rule") { Description = "Only this rule code (e.g. C2)." };
        var severity = new Option<Severity?>("--min-severity") { Description = "Low, Medium or High." };
        var unit = new Option<string?>("--unit") { Description = "Units whose name contains this text." };
        var year = new Option<int?>("--year") { Description = "Only this year." };
        var review = new Option<ReviewStatus?>("--review") { Description = "Open, Confirmed, Dismissed or FollowUp." };
        var command = new Command("export", "Write the stored findings to CSV (UTF-8 with BOM), XLSX or JSON.")
        {
            db, format, output, rule, severity, unit, year, review,
        };
        command.SetAction((r, ct) => RunAsync(r, db, r.GetValue(format), r.GetValue(output)!,
            new FindingFilter(r.GetValue(rule), r.GetValue(severity), r.GetValue(unit), r.GetValue(year), null,
                r.GetValue(review)), console, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string> db, ExportFormat format, FileInfo output, FindingFilter filter,
        CliConsole console, CancellationToken ct)
    {
        var store = await DatabaseOption.OpenStoreAsync(parse, db, console, ct);
        if (store is null)
        {
            return PerfEvalCli.UsageError;
        }

        if (output.Directory is { Exists: false })
        {
            console.Error.WriteLine($"error: folder of '{output.FullName}' does not exist");
            return PerfEvalCli.UsageError;
        }

        var count = await FindingsExporter.WriteAsync(new FindingsQuery(store.Factory).ListAsync(filter, ct), format,
            output.FullName, ct);
        console.Out.WriteLine($"{count} findings written to {output.FullName}");
        return PerfEvalCli.Ok;
    }
}
