namespace PerfEvalAnalytics.Data.Entities;

/// <summary>One key of the dashboard's data-protection key ring, as the XML ASP.NET Core data protection writes
/// (the same shape as its EF Core store: id, friendly name, XML).</summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string? Xml { get; set; }
}
