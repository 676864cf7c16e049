using System.CommandLine;
using System.Globalization;
using PerfEvalAnalytics.Generator;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// <c>perfeval generate --units N --years FROM-TO --seed S --out DIR [--anomaly-rate R] [--format tsv]</c>: writes a
/// fictional district's forms and labels.jsonl.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var units = new Option<int>("--units") { Description = "Number of fictional units.", Required = true };
        var years = new Option<string>("--years") { Description = "Year range, e.g. 2021-2024.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same files).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder (created if needed).", Required = true };
        var rate = new Option<double>("--anomaly-rate")
        {
            Description = "Share of forms with an injected anomaly (0-1).",
            DefaultValueFactory = _ => 0.2,
        };
        var format = new Option<string>("--format") { Description = "File format: tsv.", DefaultValueFactory = _ => "tsv" };
        var command = new Command("generate", "Write a fictional district's forms (示例区) with labelled anomalies.")
        {
            units, years, seed, output, rate, format,
        };
        command.SetAction(result => Run(result.GetValue(units), result.GetValue(years)!, result.GetValue(seed),
            result.GetValue(output)!, result.GetValue(rate), result.GetValue(format)!, console));
        return command;
    }

    private static int Run(int units, string years, int seed, string output, double rate, string format,
        CliConsole console)
    {
        if (!string.Equals(format, "tsv", StringComparison.OrdinalIgnoreCase))
        {
            console.Error.WriteLine($"error: --format {format}: only tsv is supported");
            return PerfEvalCli.UsageError;
        }

        if (ParseYears(years) is not var (from, to))
        {
            console.Error.WriteLine($"error: --years {years}: expected FROM-TO, e.g. 2021-2024");
            return PerfEvalCli.UsageError;
        }

        CorpusOptions options;
        try
        {
            options = new CorpusOptions(units, from, to, seed, rate).Validated();
        }
        catch (ArgumentException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return PerfEvalCli.UsageError;
        }

        var (forms, labels) = CorpusGenerator.WriteTo(options, output);
        var anomalous = labels.Select(l => l.File).Distinct(StringComparer.Ordinal).Count();
        var rules = labels.Select(l => l.Rule).Distinct(StringComparer.Ordinal).Count();
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {forms} forms ({units} units, {from}-{to}, seed {seed}) to {output}; "
            + $"{labels.Count} labels on {anomalous} forms covering {rules} rules in labels.jsonl"));
        return PerfEvalCli.Ok;
    }

    internal static (int From, int To)? ParseYears(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var single))
        {
            return (single, single);
        }

        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            ? (from, to)
            : null;
    }
}
