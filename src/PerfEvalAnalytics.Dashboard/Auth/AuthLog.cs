namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>Log messages of sign-in and modes (source-generated).</summary>
internal static partial class AuthLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "Single-user mode on a non-loopback address {Address}: stopping")]
    public static partial void SingleUserExposed(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auth mode {Mode}")]
    public static partial void Mode(ILogger logger, AuthMode mode);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Accounts mode without an administrator: nobody can sign in yet. Create one with: perfeval users add NAME --role admin (same --db or --connection)")]
    public static partial void NoAdministrator(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused for {User}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string user, string reason);
}
