using Microsoft.AspNetCore.Identity;

namespace PerfEvalAnalytics.Data.Accounts;

/// <summary>Identity settings shared by the dashboard and the CLI, so a password the CLI accepts signs in.</summary>
public static class AccountPolicy
{
    /// <summary>Failed sign-ins before the account is locked.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static TimeSpan LockoutDuration { get; } = TimeSpan.FromMinutes(15);

    /// <summary>Shortest password: length over character classes (NIST SP 800-63B).</summary>
    public const int MinPasswordLength = 10;

    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = MinPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.Lockout.AllowedForNewUsers = true;
        // Chinese names (张三) are user names too: any character, unique case-insensitively by Identity.
        options.User.AllowedUserNameCharacters = "";
        options.User.RequireUniqueEmail = false;
    }
}
