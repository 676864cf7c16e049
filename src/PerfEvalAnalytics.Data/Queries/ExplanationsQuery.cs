using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>A deviation explanation (偏差原因分析) as filed, with the row it belongs to.</summary>
public sealed record ExplanationRow(
    long FormId, string Unit, int Year, int Line, string Indicator, string Target, string Actual, string? Explanation);

/// <summary>A group of explanation problems: one E rule and how many findings it has.</summary>
public sealed record ExplanationGroup(string Rule, string Title, string TitleEn, int Count);

/// <summary>One E-rule finding with the explanation text of its row.</summary>
public sealed record ExplanationFinding(
    long FindingId, long FormId, string Unit, int Year, int? Line, string? Indicator, Severity Severity,
    string Message, string MessageEn, string? Explanation);

/// <summary>Deviation explanations: full-text search, and the E-rule groups (missing, boilerplate, copied …).</summary>
public sealed class ExplanationsQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    private const string ExplanationFamily = "E";

    // Rule codes of family E sort between "E" and "F".
    private const string FamilyStart = "E";
    private const string FamilyEnd = "F";

    /// <summary>Rows whose explanation contains <paramref name="text"/> (every row with an explanation when empty),
    /// newest year first, paged.</summary>
    public async Task<Page<ExplanationRow>> SearchAsync(string? text, int skip, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Served by the partial index of explained rows (ix_indicator_rows_explained).
        var rows = db.IndicatorRows.AsNoTracking().Where(r => r.Explanation != null && r.Explanation != "");
        int total;
        if (string.IsNullOrWhiteSpace(text))
        {
            total = await rows.CountAsync(ct);
        }
        else
        {
            // Through the bigram index (Search/TextSearch): the same rows as Explanation.Contains(text), counted by
            // the index alone (it holds exactly the explained rows). Many matches on SQLite: "Id + 0" makes the
            // planner walk the rows in page order and probe the matches instead of reading each match to sort them.
            var matches = await TextSearch.ExplanationsAsync(db, text.Trim(), ct);
            total = matches.Count;
            rows = matches.Probe
                ? rows.Where(r => matches.Ids.Contains(r.Id + 0))
                : rows.Where(r => matches.Ids.Contains(r.Id));
        }

        // The page's ids in order first (forms by year through ix_forms_year_id, their explained rows in order),
        // then the page's rows: sorting wide rows to keep twenty is what made this slow.
        var ids = await (from r in rows
                         join f in db.Forms on r.FormId equals f.Id
                         orderby f.Year descending, f.Id, r.Ordinal
                         select r.Id).Skip(skip).Take(take).ToListAsync(ct);
        var byId = await (from r in db.IndicatorRows.AsNoTracking()
                          join f in db.Forms on r.FormId equals f.Id
                          where ids.Contains(r.Id)
                          select new
                          {
                              r.Id,
                              Row = new ExplanationRow(f.Id, f.Unit!.Name, f.Year, r.Line, r.Name ?? r.Level2 ?? r.Level1,
                                  r.TargetRaw, r.ActualRaw, r.Explanation),
                          }).ToDictionaryAsync(x => x.Id, x => x.Row, ct);
        return new Page<ExplanationRow>([.. ids.Select(id => byId[id])], total);
    }

    /// <summary>The explanation rules (family E: codes E1…) with findings, and their counts: a range on the rule
    /// index, titles from one finding each.</summary>
    public async Task<IReadOnlyList<ExplanationGroup>> GroupsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = await db.Findings
            .Where(f => f.RuleCode.CompareTo(FamilyStart) >= 0 && f.RuleCode.CompareTo(FamilyEnd) < 0)
            .GroupBy(f => f.RuleCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var groups = new List<ExplanationGroup>();
        foreach (var c in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var t = await db.Findings.AsNoTracking().Where(f => f.RuleCode == c.Key)
                .Select(f => new { f.RuleTitle, f.RuleTitleEn, f.Family }).FirstAsync(ct);
            if (t.Family == ExplanationFamily)
            {
                groups.Add(new ExplanationGroup(c.Key, t.RuleTitle, t.RuleTitleEn, c.Count));
            }
        }

        return groups;
    }

    /// <summary>The findings of one E rule with the explanation text of their rows, paged.</summary>
    public async Task<Page<ExplanationFinding>> GroupAsync(string rule, int skip, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var findings = db.Findings.AsNoTracking().Where(f => f.RuleCode == rule);
        var total = await findings.CountAsync(ct);
        var page = await findings.OrderBy(f => f.UnitName).ThenBy(f => f.Year).ThenBy(f => f.Line).ThenBy(f => f.Id)
            .Skip(skip).Take(take)
            .Select(f => new
            {
                f.Id, f.FormId, f.UnitName, f.Year, f.Line, f.Indicator, f.Severity, f.Message, f.MessageEn,
                Explanation = db.IndicatorRows.Where(r => r.FormId == f.FormId && r.Line == f.Line)
                    .Select(r => r.Explanation).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Page<ExplanationFinding>([.. page.Select(f => new ExplanationFinding(f.Id, f.FormId, f.UnitName,
            f.Year, f.Line, f.Indicator, f.Severity, f.Message, f.MessageEn, f.Explanation))], total);
    }
}
