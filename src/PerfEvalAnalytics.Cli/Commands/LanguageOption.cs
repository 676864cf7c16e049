using System.CommandLine;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>--lang zh|en</c>: Chinese messages by default, English on request.</summary>
internal static class LanguageOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--lang")
        {
            Description = "Message language: zh (default) or en.",
            DefaultValueFactory = _ => "zh",
        };
        option.AcceptOnlyFromAmong("zh", "en");
        return option;
    }

    public static bool IsEnglish(string? value) => value == "en";
}
