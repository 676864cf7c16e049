using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// Stores parsed forms, each atomically: an identical file or identical content is left alone; a changed form for the
/// same unit, year, kind and project replaces the old one. A batch shares one transaction, with its look-ups and
/// inserts prepared once; if anything in it fails (a concurrent writer, a bad form) the batch rolls back as a whole
/// and its forms are stored one transaction each, so a failing form still writes nothing and the rest goes in.
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

    /// <summary>The content fingerprint (<see cref="FormFingerprint"/>), computed on the ingest's reading thread
    /// rather than on the writing thread.</summary>
    public void Prepare(EvaluationForm form) => FormFingerprint.Of(form);

    public async Task<IReadOnlyList<StoreAttempt>> StoreManyAsync(IReadOnlyList<EvaluationForm> forms,
        CancellationToken cancellationToken)
    {
        if (forms.Count > 1)
        {
            try
            {
                return await TryStoreManyAsync(forms, cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                // Rolled back as a whole: another ingest got in first (unique index, busy), or one form cannot be
                // stored. One transaction per form (with retries) sorts out which, as a batch of one would.
            }
        }

        return await FormSinks.StoreOneByOneAsync(this, forms, cancellationToken);
    }

    private async Task<IReadOnlyList<StoreAttempt>> TryStoreManyAsync(IReadOnlyList<EvaluationForm> forms,
        CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var commands = await FormBatchCommands.PrepareAsync(db, forms, cancellationToken);
        await using var rows = bulk.BeginSession(db);
        var attempts = new List<StoreAttempt>(forms.Count);
        foreach (var form in forms)
        {
            attempts.Add(new StoreAttempt(await StoreInBatchAsync(db, commands, rows, form, cancellationToken), null));
        }

        await rows.FlushAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return attempts;
    }

    /// <summary>
    /// One form of a batch: the same decisions as <see cref="TryStoreAsync"/>, from the batch's look-ups; the unit and
    /// form rows go through the bulk session with keys allocated for the batch, like the form's other rows.
    /// </summary>
    private async Task<StoreResult> StoreInBatchAsync(PerfEvalDbContext db, FormBatchCommands commands, IBulkSession rows,
        EvaluationForm form, CancellationToken cancellationToken)
    {
        if (commands.SameFile(form.Source.Sha256, form.Source.Part) is { } sameFile)
        {
            return new StoreResult(StoreOutcome.Unchanged, sameFile.Id, $"same file already stored as {sameFile.FileName}");
        }

        var unitKey = UnitNames.Normalize(form.UnitName);
        var unitId = commands.UnitId(unitKey);
        var project = form.ProjectName ?? string.Empty;
        var content = FormFingerprint.Of(form);
        var existing = unitId is null
            ? null
            : commands.Form(unitId.Value, form.Year, form.Kind, project);
        if (existing is { } same && FormFingerprint.Matches(same.ContentSha256, form))
        {
            return new StoreResult(StoreOutcome.Unchanged, same.Id, $"same form content already stored from {same.FileName}");
        }

        if (existing is { } old)
        {
            if (commands.AddedInBatch(old.Id))
            {
                // The form being replaced came earlier in this batch: its rows may still be held by the session.
                await rows.FlushAsync(cancellationToken);
            }

            await DeleteFormAsync(db, old.Id, cancellationToken);
            commands.Forget(unitId!.Value, form.Year, form.Kind, project);
        }

        unitId ??= await commands.AddUnitAsync(
            new UnitEntity { Name = form.UnitName.Trim(), NormalizedName = unitKey }, rows, cancellationToken);
        var entity = FormMapper.ToEntity(form, content, clock.GetUtcNow().UtcDateTime);
        entity.UnitId = unitId.Value;
        await commands.AddFormAsync(entity, rows, cancellationToken);
        await rows.WriteAsync(FormMapper.BudgetLines(form, entity.Id), cancellationToken);
        await rows.WriteAsync(FormMapper.IndicatorRows(form, entity.Id), cancellationToken);
        await rows.WriteAsync(FormMapper.Notes(form, entity.Id), cancellationToken);
        return existing is { } replaced
            ? new StoreResult(StoreOutcome.Replaced, entity.Id, $"replaced the form from {replaced.FileName}")
            : new StoreResult(StoreOutcome.Added, entity.Id, null);
    }

    /// <summary>Deletes a stored form and its rows (inside the caller's transaction).</summary>
    private static async Task DeleteFormAsync(PerfEvalDbContext db, long formId, CancellationToken cancellationToken)
    {
        await db.FormNotes.Where(n => n.FormId == formId).ExecuteDeleteAsync(cancellationToken);
        await db.IndicatorRows.Where(r => r.FormId == formId).ExecuteDeleteAsync(cancellationToken);
        await db.BudgetLines.Where(b => b.FormId == formId).ExecuteDeleteAsync(cancellationToken);
        await db.Forms.Where(f => f.Id == formId).ExecuteDeleteAsync(cancellationToken);
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

        if (existing is not null && FormFingerprint.Matches(existing.ContentSha256.Trim(), form))
        {
            return new StoreResult(StoreOutcome.Unchanged, existing.Id,
                $"same form content already stored from {existing.FileName}");
        }

        if (existing is not null)
        {
            await DeleteFormAsync(db, existing.Id, cancellationToken);
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
