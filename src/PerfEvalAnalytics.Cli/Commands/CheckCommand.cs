using System.CommandLine;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval check FILE... [--rules FILE] [--json] [--lang zh|en]</c>: parse and analyse without a database.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Form files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var rules = RulesOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON." };
        var lang = LanguageOption.Create();
        var command = new Command("check", "Parse and analyse files in memory (no database); print the findings.")
        {
            paths, rules, json, lang,
        };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(rules)!, result.GetValue(json),
            LanguageOption.IsEnglish(result.GetValue(lang)), console));
        return command;
    }

    private static int Run(string[] paths, string rulesPath, bool json, bool english, CliConsole console)
    {
        var catalog = RulesOption.Load(rulesPath, console);
        if (catalog is null)
        {
            return PerfEvalCli.UsageError;
        }

        var files = FormFiles.Expand(paths, out var missing);
        foreach (var m in missing)
        {
            console.Error.WriteLine($"{m}: no such file or folder");
        }

        var forms = new List<EvaluationForm>();
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                forms.Add(FormReader.Read(file));
            }
            catch (FormParseException ex)
            {
                failed++;
                console.Error.WriteLine($"error: {ex.Message}");
            }
        }

        var result = new Analyzer(catalog).Run(forms);
        if (json)
        {
            FindingOutput.WriteJson(result.Findings, console.Out);
        }
        else
        {
            foreach (var group in result.Findings.GroupBy(f => f.Form))
            {
                var f = group.Key;
                console.Out.WriteLine($"{f.FileName}: {f.Unit} {f.Year} {f.Kind}{(f.Project is null ? "" : " " + f.Project)}");
                foreach (var finding in group)
                {
                    console.Out.WriteLine(FindingOutput.Line(finding, english));
                }
            }

            FindingOutput.WriteSummary(result.Findings, console.Out, english);
            FindingOutput.WriteSkipped(result.Skipped, console.Out);
            console.Out.WriteLine($"{forms.Count} forms checked, {failed} unreadable");
        }

        return failed == 0 && missing.Count == 0 ? PerfEvalCli.Ok : PerfEvalCli.InputError;
    }
}
