using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Dashboard;

/// <summary>The <c>Dashboard</c> section of appsettings.json (override with <c>Dashboard__Key=value</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Folder ingested at start (recursively), relative to the working directory.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Rule settings until an administrator saves them on the settings page (from then on the database's are in
    /// effect); built-in defaults when the file does not exist.</summary>
    public string RulesFile { get; set; } = "data/settings/rules.json";

    /// <summary>
    /// Unit aliases applied by every ingest of the dashboard (start-up and import), as <c>perfeval ingest</c> applies
    /// them, so that both store a renamed unit under one name; used when the file exists, read once at start
    /// (<see cref="Extensions.LoadAliases"/>).
    /// </summary>
    public string AliasesFile { get; set; } = UnitAliases.DefaultPath;

    /// <summary>Where uploaded files are kept (inside <see cref="DataFolder"/> by default, so a restart re-reads them
    /// as unchanged).</summary>
    public string UploadFolder { get; set; } = "data/uploads";

    /// <summary>Ingest <see cref="DataFolder"/> and analyse before serving.</summary>
    public bool IngestOnStart { get; set; } = true;

    /// <summary>Largest file accepted by the import page.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most files accepted in one upload.</summary>
    public int MaxUploadFiles { get; set; } = 20;
}
