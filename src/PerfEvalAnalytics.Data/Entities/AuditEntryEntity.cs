namespace PerfEvalAnalytics.Data.Entities;

/// <summary>
/// One audited action: who (a user name, <c>cli:&lt;OS user&gt;</c> or <c>system</c>), when, what
/// (<see cref="AuditActions"/>), on what, and the state before and after where that applies. Append-only.
/// </summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    /// <summary>What the action was about: a finding key, a user name, a file list, a run id.</summary>
    public string? Target { get; set; }

    /// <summary>One line saying what happened, e.g. counts of an import.</summary>
    public required string Summary { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}

/// <summary>The audited actions, as stored in <see cref="AuditEntryEntity.Action"/>.</summary>
public static class AuditActions
{
    public const string Import = "import";
    public const string Analyze = "analyze";
    public const string Review = "review";
    public const string UserAdd = "user.add";
    public const string UserRole = "user.role";
    public const string UserUnlock = "user.unlock";
    public const string UserPassword = "user.password";
    public const string UserRemove = "user.remove";
    public const string SignInFailed = "signin.failed";
    public const string LockedOut = "signin.lockedout";
    public const string Settings = "settings";

    public static IReadOnlyList<string> All { get; } =
        [Import, Analyze, Review, UserAdd, UserRole, UserUnlock, UserPassword, UserRemove, SignInFailed, LockedOut, Settings];
}
