namespace PerfEvalAnalytics.Data.Accounts;

/// <summary>The dashboard's roles, as stored in Identity's role table.</summary>
public static class AppRoles
{
    /// <summary>管理员: manage users, import, settings, audit trail; everything a reviewer can do.</summary>
    public const string Admin = "Admin";

    /// <summary>审阅员: review findings, import.</summary>
    public const string Reviewer = "Reviewer";

    /// <summary>只读: view and export.</summary>
    public const string ReadOnly = "ReadOnly";

    public static IReadOnlyList<string> All { get; } = [Admin, Reviewer, ReadOnly];

    /// <summary>The role named by a CLI word (admin, reviewer, readonly; any case); null if none.</summary>
    public static string? Parse(string? word) =>
        All.FirstOrDefault(r => string.Equals(r, word?.Trim().Replace("-", "", StringComparison.Ordinal),
            StringComparison.OrdinalIgnoreCase));
}
