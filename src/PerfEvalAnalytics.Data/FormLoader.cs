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
        await LoadAsync(null, cancellationToken);

    /// <summary>One stored form, or null.</summary>
    public async Task<StoredForm?> LoadAsync(long formId, CancellationToken cancellationToken)
    {
        var forms = await LoadAsync([formId], cancellationToken);
        return forms.Count == 0 ? null : forms[0];
    }

    private async Task<IReadOnlyList<StoredForm>> LoadAsync(long[]? ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
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

        var formList = await forms.ToListAsync(ct);
        var rowsByForm = (await rows.OrderBy(r => r.FormId).ThenBy(r => r.Ordinal).ToListAsync(ct))
            .ToLookup(r => r.FormId);
        var budgetByForm = (await budget.OrderBy(b => b.FormId).ThenBy(b => b.Ordinal).ToListAsync(ct))
            .ToLookup(b => b.FormId);
        var notesByForm = (await notes.OrderBy(n => n.FormId).ThenBy(n => n.Ordinal).ToListAsync(ct))
            .ToLookup(n => n.FormId);

        return formList
            .OrderBy(f => f.Unit!.NormalizedName, StringComparer.Ordinal).ThenBy(f => f.Year).ThenBy(f => f.Kind)
            .ThenBy(f => f.ProjectName, StringComparer.Ordinal)
            .Select(f => new StoredForm(f.Id, ToDomain(f, budgetByForm[f.Id], rowsByForm[f.Id], notesByForm[f.Id])))
            .ToList();
    }

    private static EvaluationForm ToDomain(FormEntity f, IEnumerable<BudgetLineEntity> budget,
        IEnumerable<IndicatorRowEntity> rows, IEnumerable<FormNoteEntity> notes) =>
        new(f.Kind, f.CanonicalUnitName ?? f.UnitNameAsFiled, f.Year, f.ProjectName.Length == 0 ? null : f.ProjectName, f.AmountUnit,
            budget.Select(b => new BudgetLine(b.GroupLabel, b.Category, b.RawLabel, b.InitialBudget, b.AnnualBudget,
                b.Executed, b.ReportedRate, b.Points, b.Score, b.Line)).ToList(),
            f.GoalLine is null && f.GoalPlanned is null && f.GoalAchieved is null
                ? null
                : new FormGoals(f.GoalPlanned, f.GoalAchieved, f.GoalLine ?? 0),
            rows.Select(r => new IndicatorRow(r.Level1, r.Level1Weight, r.Level1Basis, r.Level2, r.Name,
                new ParsedValue(r.TargetRaw, r.TargetOp, r.TargetValue, r.TargetUnit, r.TargetKind),
                new ParsedValue(r.ActualRaw, r.ActualOp, r.ActualValue, r.ActualUnit, r.ActualKind),
                r.Points, r.Score, r.Explanation, r.Line) { NameAsFiled = r.NameAsFiled }).ToList(),
            f.TotalPoints, f.TotalScore, f.TotalLine,
            notes.Select(n => new FormNote(n.Kind, n.Text, n.Line)).ToList(),
            new SourceInfo(f.FileName, f.FileSha256.Trim(), f.Encoding) { Part = f.SourcePart })
        {
            Grade = f.Grade,
            IsIncomplete = f.IsIncomplete,
            IncompleteReason = f.IncompleteReason,
            UnitNameAsFiled = f.CanonicalUnitName is null ? null : f.UnitNameAsFiled,
        };
}
