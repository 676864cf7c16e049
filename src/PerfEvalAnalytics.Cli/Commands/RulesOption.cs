using System.CommandLine;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>The shared <c>--rules FILE</c> option and loading the catalog it names.</summary>
internal static class RulesOption
{
    public const string DefaultPath = "data/settings/rules.json";

    public static Option<string> Create()
    {
        var option = new Option<string>("--rules")
        {
            Description = $"Rule settings (JSON; unknown keys are errors). Default: {DefaultPath} if present, else built-in defaults; "
                + "analyze without --rules uses the settings saved in the database (the dashboard's settings page) when there are any.",
            DefaultValueFactory = _ => DefaultPath,
        };
        // Only the default may be missing (then the built-in defaults apply): a path the user typed must exist, or a
        // typo would silently analyse with other settings than the ones asked for.
        option.Validators.Add(r =>
        {
            if (!r.Implicit && r.GetValueOrDefault<string>() is { } path && !File.Exists(path))
            {
                r.AddError($"--rules {path}: no such file");
            }
        });
        return option;
    }

    /// <summary>The catalog, or a one-line error naming the file and key and null.</summary>
    public static RuleCatalog? Load(string path, CliConsole console) => Load(() => RuleCatalog.FromFile(path), console);

    /// <summary>The catalog of settings read from the store or a file, or a one-line error naming where and the key
    /// and null.</summary>
    public static RuleCatalog? Load(RuleSettingsDocument settings, CliConsole console) =>
        Load(settings.Catalog, console);

    private static RuleCatalog? Load(Func<RuleCatalog> load, CliConsole console)
    {
        try
        {
            return load();
        }
        catch (RuleSettingsException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }
}
