using System.CommandLine;
using PerfEvalAnalytics.Analysis;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>The shared <c>--rules FILE</c> option and loading the catalog it names.</summary>
internal static class RulesOption
{
    public const string DefaultPath = "data/settings/rules.json";

    public static Option<string> Create() => new("--rules")
    {
        Description = $"Rule settings (JSON; unknown keys are errors). Default: {DefaultPath} if present, else built-in defaults.",
        DefaultValueFactory = _ => DefaultPath,
    };

    /// <summary>The catalog, or a one-line error naming the file and key and null.</summary>
    public static RuleCatalog? Load(string path, CliConsole console)
    {
        try
        {
            return RuleCatalog.FromFile(path);
        }
        catch (RuleSettingsException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }
}
