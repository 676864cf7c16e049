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
    /// <summary>Every stored form, ordered by unit, year, kind and project. Four set-based queries, no tracking.</summary>
    public async Task<IReadOnlyList<StoredForm>> LoadAllAsync(CancellationToken cancellationToken) =>
        await LoadAsync(null, new StringPool(), cancellationToken);

    /// <summary>One stored form, or null.</summary>
    public async Task<StoredForm?> LoadAsync(long formId, CancellationToken cancellationToken)
    {
        var forms = await LoadAsync([formId], new StringPool(), cancellationToken);
        return forms.Count == 0 ? null : forms[0];
    }

    /// <summary>
    /// Every stored form in the order of <see cref="LoadAllAsync"/>, in slices of whole units (all forms of a unit in
    /// one slice; a slice closes at the first unit boundary at or after <paramref name="sliceForms"/> forms). One
    /// slice of full forms is held at a time, and the next one is read while the caller works on the current one.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredForm>> LoadByUnitAsync(int sliceForms,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceForms);
        var slices = await SlicesAsync(sliceForms, cancellationToken);
        // One pool per slice: a pool for the run would keep every distinct raw value ever read (most actuals are).
        Task<IReadOnlyList<StoredForm>>? pending =
            slices.Count == 0 ? null : LoadAsync(slices[0], new StringPool(), cancellationToken);
        try
        {
            for (var i = 0; pending is not null; i++)
            {
                var slice = await pending;
                // On a thread of its own: SQLite's "async" reads complete synchronously, so without it the next
                // slice would be read before this one is handed over, never beside the caller's work.
                var next = i + 1 < slices.Count ? slices[i + 1] : null;
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

    /// <summary>The ids of every form in load order (unit key, year, kind, project), cut into slices of whole units.</summary>
    private async Task<List<long[]>> SlicesAsync(int sliceForms, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await SqlitePragmas.SmallPageCacheAsync(db, SqlitePragmas.ReadPageCache, ct);
        var keys = await db.Forms.AsNoTracking()
            .Select(f => new { f.Id, Unit = f.Unit!.NormalizedName, f.Year, f.Kind, f.ProjectName })
            .ToListAsync(ct);
        var slices = new List<long[]>();
        var current = new List<long>();
        string? unit = null;
        foreach (var key in keys.OrderBy(k => k.Unit, StringComparer.Ordinal).ThenBy(k => k.Year).ThenBy(k => k.Kind)
                     .ThenBy(k => k.ProjectName, StringComparer.Ordinal))
        {
            if (key.Unit != unit && current.Count >= sliceForms)
            {
                slices.Add([.. current]);
                current.Clear();
            }

            unit = key.Unit;
            current.Add(key.Id);
        }

        if (current.Count > 0)
        {
            slices.Add([.. current]);
        }

        return slices;
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
            .OrderBy(f => f.Unit!.NormalizedName, StringComparer.Ordinal).ThenBy(f => f.Year).ThenBy(f => f.Kind)
            .ThenBy(f => f.ProjectName, StringComparer.Ordinal)
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
