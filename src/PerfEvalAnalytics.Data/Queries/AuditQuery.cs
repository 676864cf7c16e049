using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Export;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>Filter of the audit page: every part optional; <paramref name="ToUtc"/> is exclusive.</summary>
public sealed record AuditFilter(
    string? Actor = null, string? Action = null, DateTime? FromUtc = null, DateTime? ToUtc = null, string? Text = null);

/// <summary>One audit entry as the page and the export show it.</summary>
public sealed record AuditItem(
    long Id, DateTime AtUtc, string Actor, string Action, string? Target, string Summary, string? Before,
    string? After);

/// <summary>Read side of the audit trail: filtered pages (newest first) and the CSV export.</summary>
public sealed class AuditQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    private static readonly string[] Headers =
        ["编号 Id", "时间 Time (UTC)", "操作人 Actor", "操作 Action", "对象 Target", "内容 Summary", "之前 Before", "之后 After"];

    public async Task<Page<AuditItem>> PageAsync(AuditFilter filter, int skip, int take,
        CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await Project(query.OrderByDescending(a => a.Id).Skip(skip).Take(take))
            .ToListAsync(cancellationToken);
        return new Page<AuditItem>(items, total);
    }

    /// <summary>Every matching entry, newest first, streamed.</summary>
    public async IAsyncEnumerable<AuditItem> ExportAsync(AuditFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await foreach (var item in Project(Filtered(db, filter).OrderByDescending(a => a.Id)).AsAsyncEnumerable()
                           .WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Writes the matching entries as CSV (UTF-8 with BOM; formula-like cells neutralised); returns the
    /// number of entries written.</summary>
    public async Task<int> WriteCsvAsync(AuditFilter filter, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in Headers)
        {
            csv.WriteField(h);
        }

        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var a in ExportAsync(filter, cancellationToken))
        {
            string?[] cells =
            [
                a.Id.ToString(CultureInfo.InvariantCulture),
                a.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), a.Actor, a.Action, a.Target,
                a.Summary, a.Before, a.After,
            ];
            foreach (var cell in cells)
            {
                csv.WriteField(FindingsExporter.Neutralize(cell));
            }

            await csv.NextRecordAsync();
            count++;
        }

        return count;
    }

    private static IQueryable<AuditEntryEntity> Filtered(PerfEvalDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(a => a.Actor.Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(a => a.Action == action);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(a => a.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(a => a.AtUtc < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(a => a.Summary.Contains(text) || (a.Target != null && a.Target.Contains(text))
                || (a.Before != null && a.Before.Contains(text)) || (a.After != null && a.After.Contains(text)));
        }

        return query;
    }

    private static IQueryable<AuditItem> Project(IQueryable<AuditEntryEntity> query) =>
        query.Select(a => new AuditItem(a.Id, a.AtUtc, a.Actor, a.Action, a.Target, a.Summary, a.Before, a.After));
}
