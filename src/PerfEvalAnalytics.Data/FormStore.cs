using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Stores parsed forms: one transaction per form; an identical file or identical content is left alone; a changed
/// form for the same unit, year, kind and project replaces the old one atomically.
/// </summary>
public sealed class FormStore(IDbContextFactory<PerfEvalDbContext> factory, IBulkRowWriter bulk, TimeProvider clock)
    : IFormSink
{
    /// <summary>How often a form is tried when a concurrent writer got in first.</summary>
    private const int MaxAttempts = 5;

    public async Task<StoreResult> StoreAsync(EvaluationForm form, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStoreAsync(form, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is DbUpdateException or System.Data.Common.DbException)
            {
                // Another ingest stored the same unit or form meanwhile (unique index), or SQLite refused to upgrade
                // a stale read to a write (busy). The transaction rolled back; the next try sees the other's rows
                // and says unchanged or replaced instead of storing a second copy.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt * attempt), cancellationToken);
            }
        }
    }

    private async Task<StoreResult> TryStoreAsync(EvaluationForm form, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var sha = form.Source.Sha256;
        var part = form.Source.Part;
        // A workbook or page holds several forms: the same file is the same bytes AND the same sheet/table.
        var sameFile = await db.Forms.AsNoTracking()
            .Where(f => f.FileSha256 == sha && f.SourcePart == part)
            .Select(f => new { f.Id, f.FileName })
            .FirstOrDefaultAsync(cancellationToken);
        if (sameFile is not null)
        {
            return new StoreResult(StoreOutcome.Unchanged, sameFile.Id, $"same file already stored as {sameFile.FileName}");
        }

        var unitKey = UnitNames.Normalize(form.UnitName);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.NormalizedName == unitKey, cancellationToken);
        var project = form.ProjectName ?? string.Empty;
        var content = FormFingerprint.Of(form);
        var existing = unit is null
            ? null
            : await db.Forms.AsNoTracking()
                .Where(f => f.UnitId == unit.Id && f.Year == form.Year && f.Kind == form.Kind
                    && f.ProjectName == project)
                .Select(f => new { f.Id, f.ContentSha256, f.FileName })
                .FirstOrDefaultAsync(cancellationToken);

        if (existing is not null && existing.ContentSha256 == content)
        {
            return new StoreResult(StoreOutcome.Unchanged, existing.Id,
                $"same form content already stored from {existing.FileName}");
        }

        if (existing is not null)
        {
            await db.FormNotes.Where(n => n.FormId == existing.Id).ExecuteDeleteAsync(cancellationToken);
            await db.IndicatorRows.Where(r => r.FormId == existing.Id).ExecuteDeleteAsync(cancellationToken);
            await db.BudgetLines.Where(b => b.FormId == existing.Id).ExecuteDeleteAsync(cancellationToken);
            await db.Forms.Where(f => f.Id == existing.Id).ExecuteDeleteAsync(cancellationToken);
        }

        unit ??= db.Units.Add(new UnitEntity { Name = form.UnitName.Trim(), NormalizedName = unitKey }).Entity;
        var entity = FormMapper.ToEntity(form, content, clock.GetUtcNow().UtcDateTime);
        entity.Unit = unit;
        db.Forms.Add(entity);
        await db.SaveChangesAsync(cancellationToken);

        await bulk.WriteAsync(db, FormMapper.BudgetLines(form, entity.Id), cancellationToken);
        await bulk.WriteAsync(db, FormMapper.IndicatorRows(form, entity.Id), cancellationToken);
        await bulk.WriteAsync(db, FormMapper.Notes(form, entity.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return existing is null
            ? new StoreResult(StoreOutcome.Added, entity.Id, null)
            : new StoreResult(StoreOutcome.Replaced, entity.Id, $"replaced the form from {existing.FileName}");
    }
}
