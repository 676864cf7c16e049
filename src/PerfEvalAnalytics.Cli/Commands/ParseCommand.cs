using System.CommandLine;
using System.Globalization;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval parse FILE [--json]</c>: parse one file without a database.</summary>
internal static class ParseCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A form file: tab-separated or CSV text (UTF-8 or GBK), .xlsx, .xls, HTML or PDF." };
        var json = new Option<bool>("--json") { Description = "Print the normalised form as JSON." };
        var command = new Command("parse", "Parse one form file and print it (no database).") { file, json };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json), console));
        return command;
    }

    private static int Run(FileInfo file, bool json, CliConsole console)
    {
        if (Directory.Exists(file.FullName))
        {
            console.Error.WriteLine($"{file.Name}: is a folder; parse reads one file (use ingest for folders)");
            return PerfEvalCli.UsageError;
        }

        if (!file.Exists)
        {
            console.Error.WriteLine($"{file.Name}: file not found ({file.FullName})");
            return PerfEvalCli.UsageError;
        }

        IReadOnlyList<FormReadResult> results;
        try
        {
            results = FormReader.ReadAll(file.FullName);
        }
        catch (FormParseException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return PerfEvalCli.InputError;
        }

        // A workbook or page may hold several forms: each is printed (JSON: one document per form).
        foreach (var r in results)
        {
            if (r.Form is null)
            {
                console.Error.WriteLine($"error: {r.Error!.Message}");
            }
            else if (json)
            {
                console.Out.WriteLine(FormJson.Serialize(r.Form));
            }
            else
            {
                WriteSummary(r.Form, console.Out);
            }
        }

        return results.All(r => r.Form is not null) ? PerfEvalCli.Ok : PerfEvalCli.InputError;
    }

    private static void WriteSummary(EvaluationForm form, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"{form.UnitName}  {form.Year}  {form.Kind}{(form.ProjectName is null ? "" : "  " + form.ProjectName)}"));
        var part = form.Source.Part is null ? "" : $"[{form.Source.Part}]";
        o.WriteLine(string.Create(c, $"source: {form.Source.FileName}{part} ({form.Source.Encoding}, sha256 {form.Source.Sha256[..12]}…)"));
        o.WriteLine(string.Create(c, $"budget lines ({form.AmountUnit ?? "unit not stated"}):"));
        foreach (var b in form.BudgetLines)
        {
            o.WriteLine(string.Create(c, $"  line {b.Line,3}  {b.Group}{(b.Group is null ? "" : " / ")}{b.Category}: "
                + $"A={b.AnnualBudget} B={b.Executed} rate={b.ReportedRate}"));
        }

        o.WriteLine(string.Create(c, $"indicators: {form.Indicators.Count}"));
        foreach (var block in form.Indicators.GroupBy(r => r.Level1))
        {
            o.WriteLine(string.Create(c, $"  {block.Key} (weight {block.First().Level1Weight}): {block.Count()} rows, "
                + $"分值 {block.Sum(r => r.Points ?? 0)}, 得分 {block.Sum(r => r.Score ?? 0)}"));
        }

        var grade = form.Grade is null ? "" : ", 等级 " + form.Grade;
        o.WriteLine(string.Create(c, $"总分: 分值 {form.TotalPoints}, 得分 {form.TotalScore} (line {form.TotalLine}){grade}"));
        if (form.IsIncomplete)
        {
            o.WriteLine($"incomplete: {form.IncompleteReason}");
        }

        foreach (var n in form.Notes)
        {
            o.WriteLine(string.Create(c, $"note ({n.Kind}, line {n.Line}): {n.Text}"));
        }
    }
}
