namespace PerfEvalAnalytics.Dashboard.Auth;

/// <summary>How the dashboard knows who is using it.</summary>
public enum AuthMode
{
    /// <summary>One supervisor on one machine: every request is the local administrator, no sign-in. Refused on
    /// PostgreSQL and on a non-loopback address.</summary>
    SingleUser,

    /// <summary>A team: every page needs a sign-in with an account made by <c>perfeval users add</c>.</summary>
    Accounts,
}

/// <summary>The <c>Auth</c> section (env <c>Auth__Mode</c>, <c>Auth__LocalUserName</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Null: <see cref="AuthMode.SingleUser"/> on SQLite, <see cref="AuthMode.Accounts"/> on
    /// PostgreSQL.</summary>
    public AuthMode? Mode { get; set; }

    /// <summary>The local administrator's name in single-user mode; default the OS user name.</summary>
    public string? LocalUserName { get; set; }

    public string EffectiveLocalUserName =>
        string.IsNullOrWhiteSpace(LocalUserName) ? Environment.UserName : LocalUserName.Trim();
}

/// <summary>The dashboard refuses to start with this configuration; the message is one line for the operator.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
