using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>A stored form as the rules see it, with its database id.</summary>
public sealed record StoredForm(long Id, EvaluationForm Form);

/// <summary>Rebuilds stored forms as Domain records, exactly as they were parsed, for the analysis.</summary>
public sealed class FormLoader(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>Every stored form, ordered by unit, year, kind and project (texts in code point order, as the database
    /// orders them: <see cref="LoadByUnitAsync"/> gives the same order). Four set-based queries, no tracking.</summary>
    public async Task<IReadOnlyList<StoredForm>> LoadAllAsync(CancellationToken cancellationToken) =>
        await LoadAsync(null, new StringPool(), cancellationToken);

    /// <summary>One stored form, or null.</summary>
    public async Task<StoredForm?> LoadAsync(long formId, CancellationToken cancellationToken)
    {
        var forms = await LoadAsync([formId], new StringPool(), cancellationToken);
        return forms.Count == 0 ? null : forms[0];
    }

    /// <summary>
    /// Every stored form in slices of whole units (all forms of a unit in one slice; a slice closes at the first unit
    /// boundary at or after <paramref name="sliceForms"/> forms), ordered by unit, year, kind and project as the
    /// database orders them in binary (code point) order. One slice of full forms is held at a time, and the next one
    /// is read while the caller works on the current one; the forms' keys are read from one ordered query as the
    /// slices are needed, so nothing per form of the whole store is held.
    /// </summary>
    /// <remarks>Code point order (<see cref="CodePointOrder"/>, also <see cref="LoadAllAsync"/>'s) is .NET's ordinal
    /// order except between characters beyond U+FFFF and U+E000–U+FFFF.</remarks>
    public async IAsyncEnumerable<IReadOnlyList<StoredForm>> LoadByUnitAsync(int sliceForms,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceForms);
        await using var slices = SlicesAsync(sliceForms, cancellationToken).GetAsyncEnumerator(cancellationToken);
        // One pool per slice: a pool for the run would keep every distinct raw value ever read (most actuals are).
        Task<IReadOnlyList<StoredForm>>? pending =
            await slices.MoveNextAsync() ? LoadAsync(slices.Current, new StringPool(), cancellationToken) : null;
        try
        {
            while (pending is not null)
            {
                var slice = await pending;
                // On a thread of its own: SQLite's "async" reads complete synchronously, so without it the next
                // slice would be read before this one is handed over, never beside the caller's work.
                var next = await slices.MoveNextAsync() ? slices.Current : null;
                pending = next is null ? null : Task.Run(() => LoadAsync(next, new StringPool(), cancellationToken), cancellationToken);
                yield return slice;
            }
        }
        finally
        {
            if (pending is not null)
            {
                // The caller stopped early: let the read in flight end before its context goes.
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The ids of every form in load order (unit key, year, kind, project, texts in binary order), cut into
    /// slices of whole units, read from one query as each slice is asked for.</summary>
    private async IAsyncEnumerable<long[]> SlicesAsync(int sliceForms, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await SqlitePragmas.SmallPageCacheAsync(db, SqlitePragmas.ReadPageCache, ct);
        // SQLite's BINARY compares UTF-8 bytes; PostgreSQL's "C" compares bytes too, whatever the database's locale.
        var binary = db.Database.IsSqlite() ? "BINARY" : "C";
        var keys = db.Forms.AsNoTracking()
            .OrderBy(f => EF.Functions.Collate(f.Unit!.NormalizedName, binary)).ThenBy(f => f.Year).ThenBy(f => f.Kind)
            .ThenBy(f => EF.Functions.Collate(f.ProjectName, binary))
            .Select(f => new { f.Id, Unit = f.Unit!.NormalizedName })
            .AsAsyncEnumerable();
        var current = new List<long>();
        string? unit = null;
        await foreach (var key in keys.WithCancellation(ct))
        {
            if (key.Unit != unit && current.Count >= sliceForms)
            {
                yield return [.. current];
                current.Clear();
            }

            unit = key.Unit;
            current.Add(key.Id);
        }

        if (current.Count > 0)
        {
            yield return [.. current];
        }
    }

    private async Task<IReadOnlyList<StoredForm>> LoadAsync(long[]? ids, StringPool pool, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (ids is { Length: > 1 })
        {
            await SqlitePragmas.SmallPageCacheAsync(db, SqlitePragmas.ReadPageCache, ct);
        }
        var forms = db.Forms.AsNoTracking().Include(f => f.Unit).AsQueryable();
        var rows = db.IndicatorRows.AsNoTracking();
        var budget = db.BudgetLines.AsNoTracking();
        var notes = db.FormNotes.AsNoTracking();
        if (ids is not null)
        {
            forms = forms.Where(f => ids.Contains(f.Id));
            rows = rows.Where(r => ids.Contains(r.FormId));
            budget = budget.Where(b => ids.Contains(b.FormId));
            notes = notes.Where(n => ids.Contains(n.FormId));
        }

        // Rows stream straight into Domain records (no list of entities beside them), and the short texts that
        // repeat across forms (levels, names, units, raw values) are shared.
        var formList = await forms.ToListAsync(ct);
        var rowsByForm = await GroupAsync(rows.OrderBy(r => r.FormId).ThenBy(r => r.Ordinal), r => r.FormId,
            r => ToDomain(r, pool), ct);
        var budgetByForm = await GroupAsync(budget.OrderBy(b => b.FormId).ThenBy(b => b.Ordinal), b => b.FormId,
            b => new BudgetLine(pool.Share(b.GroupLabel), pool.Share(b.Category), pool.Share(b.RawLabel), b.InitialBudget, b.AnnualBudget,
                b.Executed, b.ReportedRate, b.Points, b.Score, b.Line), ct);
        var notesByForm = await GroupAsync(notes.OrderBy(n => n.FormId).ThenBy(n => n.Ordinal), n => n.FormId,
            n => new FormNote(n.Kind, n.Text, n.Line), ct);

        return formList
            .OrderBy(f => f.Unit!.NormalizedName, CodePointOrder.Instance).ThenBy(f => f.Year).ThenBy(f => f.Kind)
            .ThenBy(f => f.ProjectName, CodePointOrder.Instance)
            .Select(f => new StoredForm(f.Id, ToDomain(f, pool, Rows(budgetByForm, f.Id), Rows(rowsByForm, f.Id), Rows(notesByForm, f.Id))))
            .ToList();
    }

    private static async Task<Dictionary<long, List<TOut>>> GroupAsync<TIn, TOut>(IQueryable<TIn> query,
        Func<TIn, long> formId, Func<TIn, TOut> convert, CancellationToken ct)
    {
        var byForm = new Dictionary<long, List<TOut>>();
        await foreach (var item in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var id = formId(item);
            if (!byForm.TryGetValue(id, out var list))
            {
                list = [];
                byForm[id] = list;
            }

            list.Add(convert(item));
        }

        return byForm;
    }

    private static List<T> Rows<T>(Dictionary<long, List<T>> byForm, long formId) =>
        byForm.Remove(formId, out var rows) ? rows : [];

    private static IndicatorRow ToDomain(IndicatorRowEntity r, StringPool pool) =>
        new(pool.Share(r.Level1), r.Level1Weight, r.Level1Basis, pool.Share(r.Level2), pool.Share(r.Name),
            new ParsedValue(pool.Share(r.TargetRaw), r.TargetOp, r.TargetValue, pool.Share(r.TargetUnit), r.TargetKind),
            new ParsedValue(pool.Share(r.ActualRaw), r.ActualOp, r.ActualValue, pool.Share(r.ActualUnit), r.ActualKind),
            r.Points, r.Score, r.Explanation, r.Line) { NameAsFiled = pool.Share(r.NameAsFiled) };

    private static EvaluationForm ToDomain(FormEntity f, StringPool pool, List<BudgetLine> budget,
        List<IndicatorRow> rows, List<FormNote> notes) =>
        new(f.Kind, pool.Share(f.CanonicalUnitName ?? f.UnitNameAsFiled)!, f.Year, f.ProjectName.Length == 0 ? null : pool.Share(f.ProjectName), pool.Share(f.AmountUnit),
            budget,
            f.GoalLine is null && f.GoalPlanned is null && f.GoalAchieved is null
                ? null
                : new FormGoals(f.GoalPlanned, f.GoalAchieved, f.GoalLine ?? 0),
            rows,
            f.TotalPoints, f.TotalScore, f.TotalLine,
            notes,
            new SourceInfo(f.FileName, f.FileSha256.Trim(), pool.Share(f.Encoding)!) { Part = f.SourcePart })
        {
            Grade = pool.Share(f.Grade),
            IsIncomplete = f.IsIncomplete,
            IncompleteReason = f.IncompleteReason,
            UnitNameAsFiled = f.CanonicalUnitName is null ? null : pool.Share(f.UnitNameAsFiled),
        };
}
