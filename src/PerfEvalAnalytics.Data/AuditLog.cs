using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>What to record in the audit trail (the time is added when it is stored).</summary>
/// <param name="Actor">A user name, <c>cli:&lt;OS user&gt;</c> (see <see cref="AuditLog.CliActor"/>) or
/// <see cref="AuditLog.SystemActor"/>.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Target">What the action was about.</param>
/// <param name="Summary">One line saying what happened.</param>
/// <param name="Before">The state before (JSON), where that applies.</param>
/// <param name="After">The state after (JSON), where that applies.</param>
public sealed record AuditRecord(
    string Actor, string Action, string? Target, string Summary, string? Before = null, string? After = null);

/// <summary>Appends to the audit trail (<c>audit_entries</c>); entries are never changed or deleted.</summary>
public sealed class AuditLog(IDbContextFactory<PerfEvalDbContext> factory, TimeProvider clock)
{
    /// <summary>The actor of the dashboard's own jobs (the start-up ingest).</summary>
    public const string SystemActor = "system";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>Characters of an entry's target kept.</summary>
    public const int TargetChars = 2000;

    /// <summary>The actor of a CLI command: <c>cli:&lt;OS user&gt;</c>.</summary>
    public static string CliActor => "cli:" + Environment.UserName;

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(record, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entity for <paramref name="record"/>, for writers that add it in their own transaction.</summary>
    public static AuditEntryEntity Entry(AuditRecord record, DateTime atUtc) => new()
    {
        AtUtc = atUtc,
        Actor = Clip(record.Actor, 256),
        Action = record.Action,
        Target = record.Target is null ? null : Clip(record.Target, TargetChars),
        Summary = Clip(record.Summary, 4000),
        Before = record.Before,
        After = record.After,
    };

    /// <summary>The entry for an ingest of <paramref name="files"/> (path and outcome; null outcome: failed), from the
    /// dashboard's import or the CLI's <c>ingest</c> (which builds it file by file: <see cref="ImportAudit"/>).</summary>
    public static AuditRecord ImportRecord(string actor, IEnumerable<(string Path, StoreOutcome? Outcome)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var audit = new ImportAudit();
        foreach (var (path, outcome) in files)
        {
            audit.Add(path, outcome);
        }

        return audit.Record(actor);
    }

    /// <summary>The entry for an analysis run (dashboard or CLI <c>analyze</c>).</summary>
    public static AuditRecord AnalysisRecord(string actor, AnalysisJobResult job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var r = job.Result;
        return new AuditRecord(actor, AuditActions.Analyze, $"run {job.Run.RunId}",
            $"analysed {r.FormCount} form(s) with {r.RuleCount} rules: {job.Run.FindingCount} findings, " +
            $"{job.Run.StillReviewed} still reviewed",
            null, Json(new { runId = job.Run.RunId, forms = r.FormCount, rules = r.RuleCount,
                findings = job.Run.FindingCount, settingsHash = r.SettingsHash }));
    }

    /// <summary>A state as compact JSON with readable Chinese.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
