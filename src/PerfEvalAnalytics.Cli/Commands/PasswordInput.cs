using System.Text;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// A new account's password: from <c>PERFEVAL_PASSWORD</c>, else typed at the terminal without echo (twice), else one
/// line of standard input when it is a pipe. Never from a command-line argument (it would be in the shell history and
/// the process list).
/// </summary>
internal static class PasswordInput
{
    public const string Variable = "PERFEVAL_PASSWORD";

    /// <summary>The password, or null (with a one-line error) if none was given or the two entries differ.</summary>
    public static string? Read(CliConsole console, string user)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        string? password;
        if (console.In is { } reader)
        {
            password = reader.ReadLine();
        }
        else if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            console.Error.Write($"password for {user}: ");
            password = ReadHidden(console);
            console.Error.Write("repeat: ");
            if (ReadHidden(console) != password)
            {
                console.Error.WriteLine("error: the two passwords differ");
                return null;
            }
        }

        if (string.IsNullOrEmpty(password))
        {
            console.Error.WriteLine($"error: no password: type it when asked, pipe it on standard input or set {Variable}");
            return null;
        }

        return password;
    }

    private static string ReadHidden(CliConsole console)
    {
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        console.Error.WriteLine();
        return text.ToString();
    }
}
