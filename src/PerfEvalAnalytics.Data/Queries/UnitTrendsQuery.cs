using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>A unit to pick, with how many forms it filed.</summary>
public sealed record UnitOption(long Id, string Name, int Forms);

/// <summary>One unit's measures in one year, over all its forms of that year.</summary>
/// <param name="Year">年度.</param>
/// <param name="Forms">How many forms the unit filed that year.</param>
/// <param name="ExecutionRate">Σ executed ÷ Σ annual budget (B/A) of the forms with a budget, as a fraction.</param>
/// <param name="TotalScore">Mean 总分 of the forms that state one.</param>
/// <param name="ExactShare">Share of quantitative rows whose actual equals the target exactly.</param>
/// <param name="Findings">Current findings on the year's forms.</param>
/// <param name="FormIds">The year's forms.</param>
public sealed record UnitYear(int Year, int Forms, double? ExecutionRate, double? TotalScore, double? ExactShare,
    int Findings, IReadOnlyList<long> FormIds);

/// <summary>A unit's measures across years.</summary>
public sealed record UnitTrend(long UnitId, string Unit, IReadOnlyList<UnitYear> Years);

/// <summary>One indicator matched across a unit's years (same name and unit of measure).</summary>
public sealed record IndicatorHistory(string Indicator, IReadOnlyList<(int Year, string Target, string Actual)> Years);

/// <summary>Units across years: measures per year for a few chosen units, and indicators matched across years.</summary>
public sealed class UnitTrendsQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>At most this many units are compared at once: more lines than this cannot be read on one chart.</summary>
    public const int MaxUnits = 8;

    /// <summary>Units whose name contains <paramref name="text"/> (all when empty), by name, at most
    /// <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<UnitOption>> SearchAsync(string? text, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var units = db.Units.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            units = units.Where(u => u.Name.Contains(t));
        }

        return await units.OrderBy(u => u.Name).Take(take)
            .Select(u => new UnitOption(u.Id, u.Name, db.Forms.Count(f => f.UnitId == u.Id)))
            .ToListAsync(ct);
    }

    /// <summary>The units with the most findings, as a default selection.</summary>
    public async Task<IReadOnlyList<UnitOption>> MostFindingsAsync(int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = await (from f in db.Findings
                         join form in db.Forms on f.FormId equals form.Id
                         group f by form.UnitId into g
                         orderby g.Count() descending, g.Key
                         select g.Key).Take(take).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new UnitOption(u.Id, u.Name, db.Forms.Count(f => f.UnitId == u.Id))).ToListAsync(ct);
        return [.. units.OrderBy(u => ids.IndexOf(u.Id))];
    }

    public async Task<IReadOnlyList<UnitTrend>> TrendsAsync(IReadOnlyCollection<long> unitIds, CancellationToken ct)
    {
        var ids = unitIds.Distinct().Take(MaxUnits).ToList();
        var loaded = await LoadFormsAsync(ids, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var formIds = loaded.SelectMany(u => u.Forms.Select(f => f.Id)).ToList();
        var findings = await db.Findings.AsNoTracking().Where(f => formIds.Contains(f.FormId))
            .GroupBy(f => f.FormId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. loaded.Select(u => new UnitTrend(u.Id, u.Name, [.. u.Forms.GroupBy(f => f.Form.Year).OrderBy(g => g.Key)
            .Select(g => Measure(g.Key, [.. g], findings))]))];
    }

    /// <summary>Indicators of one unit that appear in at least two years, with target and actual as filed.</summary>
    public async Task<IReadOnlyList<IndicatorHistory>> IndicatorHistoryAsync(long unitId, CancellationToken ct)
    {
        var units = await LoadFormsAsync([unitId], ct);
        if (units.Count == 0)
        {
            return [];
        }

        var unit = units[0];

        return [.. unit.Forms
            .SelectMany(f => f.Form.Indicators.Select(r => (f.Form.Year, Row: r)))
            .GroupBy(x => Indicators.Key(x.Row), StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Year).Distinct().Count() > 1)
            .Select(g => new IndicatorHistory(g.First().Row.DisplayName,
                [.. g.GroupBy(x => x.Year).OrderBy(y => y.Key)
                    .Select(y => (y.Key, y.First().Row.Target.Raw, y.First().Row.Actual.Raw))]))
            .OrderBy(h => h.Indicator, StringComparer.Ordinal)];
    }

    private static UnitYear Measure(int year, List<StoredForm> forms, Dictionary<long, int> findings)
    {
        var budgets = forms.Select(f => Budget.Of(f.Form)).OfType<Budget>().ToList();
        var annual = budgets.Sum(b => b.AnnualBudget);
        double? rate = annual == 0m ? null : (double)(budgets.Sum(b => b.Executed) / annual);
        var scores = forms.Where(f => f.Form.TotalScore is not null).Select(f => (double)f.Form.TotalScore!.Value)
            .ToList();
        var rows = forms.SelectMany(f => f.Form.Indicators).Select(RowAssessment.Of).Where(a => a.IsQuantitative)
            .ToList();
        return new UnitYear(year, forms.Count, rate, scores.Count == 0 ? null : scores.Average(),
            rows.Count == 0 ? null : (double)rows.Count(a => a.ExactHit) / rows.Count,
            forms.Sum(f => findings.GetValueOrDefault(f.Id)), [.. forms.Select(f => f.Id)]);
    }

    private async Task<List<(long Id, string Name, List<StoredForm> Forms)>> LoadFormsAsync(List<long> unitIds,
        CancellationToken ct)
    {
        List<(long Id, string Name, List<long> FormIds)> units;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var forms = await db.Forms.AsNoTracking().Where(f => unitIds.Contains(f.UnitId))
                .Select(f => new { f.Id, f.UnitId, Unit = f.Unit!.Name, f.Year }).ToListAsync(ct);
            units = [.. unitIds.Where(id => forms.Any(f => f.UnitId == id))
                .Select(id => (id, forms.First(f => f.UnitId == id).Unit,
                    forms.Where(f => f.UnitId == id).OrderBy(f => f.Year).Select(f => f.Id).ToList()))];
        }

        var loader = new FormLoader(factory);
        var result = new List<(long, string, List<StoredForm>)>();
        foreach (var (id, name, formIds) in units)
        {
            var loaded = new List<StoredForm>();
            foreach (var formId in formIds)
            {
                if (await loader.LoadAsync(formId, ct) is { } form)
                {
                    loaded.Add(form);
                }
            }

            result.Add((id, name, loaded));
        }

        return result;
    }
}
