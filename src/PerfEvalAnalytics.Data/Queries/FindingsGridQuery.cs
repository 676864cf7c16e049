using Microsoft.EntityFrameworkCore;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Data.Search;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Queries;

/// <summary>Columns the findings grid may sort by (anything else sorts by the default order).</summary>
public enum FindingSort
{
    /// <summary>Severity (High first), then unit, year, line.</summary>
    Default,
    Severity,
    Rule,
    Unit,
    Year,
    Kind,
    Line,
}

/// <summary>What the grid asks for: <see cref="FindingFilter"/> (the same filter the export uses), a sort, a page.</summary>
public sealed record FindingsPageRequest(
    FindingFilter Filter, FindingSort Sort = FindingSort.Default, bool Descending = false, int Skip = 0,
    int Take = 20);

/// <summary>One row of the findings grid.</summary>
public sealed record FindingRow(
    long Id, string Key, string Rule, string Title, string TitleEn, Severity Severity, string Unit, int Year,
    FormKind Kind, string? Project, long FormId, int? Line, string? Indicator, string Message, string MessageEn,
    ReviewState Review);

/// <summary>
/// The findings grid: filtered, sorted and paged in the database (one count and one page query; review states for
/// the page's keys only). Filters mean what <see cref="FindingsQuery"/> means, so an export of the filtered set holds
/// exactly what the grid shows.
/// </summary>
public sealed class FindingsGridQuery(IDbContextFactory<PerfEvalDbContext> factory)
{
    /// <summary>PostgreSQL's free-text paging thresholds (<see cref="PostgresTextPage"/>).</summary>
    internal TextPaging Paging { get; init; } = TextPaging.Default;

    /// <summary>The page asked for and the number of findings matching the filter.</summary>
    public async Task<Page<FindingRow>> PageAsync(FindingsPageRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request.Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Take, 1);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        int total;
        List<long> ids;
        var textOnly = db.Database.IsSqlite()
            ? await TextOnlyPageAsync(db, request, cancellationToken)
            : await PostgresTextPage.PageAsync(db, request, Paging, cancellationToken) is { } page
                ? (page.Ids, page.Total)
                : null;
        if (textOnly is { } fromIndex)
        {
            (ids, total) = fromIndex;
        }
        else
        {
            (var filtered, total) = await FilteredAsync(db, request.Filter, Paging.DenseMatches, cancellationToken);
            // Sort and page over ids only, then read the page's rows: sorting a million wide rows (messages,
            // evidence) to keep twenty cost 10-20x more than sorting their keys.
            ids = await Sort(filtered, request.Sort, request.Descending)
                .Skip(request.Skip).Take(request.Take).Select(f => f.Id)
                .ToListAsync(cancellationToken);
        }

        var byId = await db.Findings.AsNoTracking().Where(f => ids.Contains(f.Id))
            .Select(f => new
            {
                f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity, f.UnitName, f.Year, f.Kind,
                f.ProjectName, f.FormId, f.Line, f.Indicator, f.Message, f.MessageEn,
            })
            .ToDictionaryAsync(f => f.Id, cancellationToken);
        var rows = ids.Select(id => byId[id]).ToList();
        var reviews = await ReviewStates.ForKeysAsync(db, rows.Select(r => r.Key).ToList(), cancellationToken);
        var items = rows.Select(f => new FindingRow(f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity,
                f.UnitName, f.Year, f.Kind, f.ProjectName.Length == 0 ? null : f.ProjectName, f.FormId, f.Line,
                f.Indicator, f.Message, f.MessageEn, reviews.GetValueOrDefault(f.Key) ?? ReviewState.Open))
            .ToList();
        return new Page<FindingRow>(items, total);
    }

    /// <summary>
    /// Free text alone (with at most a minimum severity) in the default order, on SQLite: counted and paged from the
    /// search index alone, severity by severity in id order, which is the default order. Null when another filter
    /// or sort applies: the general path then probes the index per candidate row. (On PostgreSQL see
    /// <see cref="PostgresTextPage"/>.)
    /// </summary>
    private static async Task<(List<long> Ids, int Total)?> TextOnlyPageAsync(PerfEvalDbContext db,
        FindingsPageRequest request, CancellationToken ct)
    {
        var f = request.Filter;
        if (f is not { Text.Length: > 0, Rule: null, Unit: null, Year: null, Kind: null, Review: null }
            || request.Sort != FindingSort.Default)
        {
            return null;
        }

        var groups = new List<IQueryable<long>>();
        foreach (var severity in Enum.GetValues<Severity>().Where(s => s >= (f.MinSeverity ?? s)).OrderDescending())
        {
            if (TextSearch.FindingIdsOfSeverity(db, f.Text, severity) is not { } matches)
            {
                return null;
            }

            groups.Add(matches);
        }

        // One count for the total; a group is counted only when the page starts past it (the first page never).
        var total = f.MinSeverity is null
            ? await TextSearch.FindingIds(db, f.Text).CountAsync(ct)
            : await SumAsync(groups, ct);
        var ids = new List<long>(request.Take);
        var skip = request.Skip;
        foreach (var matches in groups)
        {
            var page = await matches.OrderBy(id => id).Skip(skip).Take(request.Take - ids.Count).ToListAsync(ct);
            ids.AddRange(page);
            if (ids.Count == request.Take)
            {
                break;
            }

            skip = page.Count > 0 ? 0 : Math.Max(0, skip - await matches.CountAsync(ct));
        }

        return (ids, total);
    }

    private static async Task<int> SumAsync(List<IQueryable<long>> groups, CancellationToken ct)
    {
        var sum = 0;
        foreach (var g in groups)
        {
            sum += await g.CountAsync(ct);
        }

        return sum;
    }

    private (long Run, IReadOnlyList<RuleInfo> Rules)? _rules;

    /// <summary>The rule codes with findings, and their Chinese and English titles, for the rule filter. Codes come
    /// from the rule index, titles from one finding each; kept until the next analysis run.</summary>
    public async Task<IReadOnlyList<RuleInfo>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var run = await db.AnalysisRuns.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        if (_rules is { } cached && cached.Run == run)
        {
            return cached.Rules;
        }

        var codes = await db.Findings.Select(f => f.RuleCode).Distinct().ToListAsync(cancellationToken);
        var rules = new List<RuleInfo>();
        foreach (var code in codes)
        {
            var r = await db.Findings.AsNoTracking().Where(f => f.RuleCode == code)
                .Select(f => new RuleInfo(f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Family))
                .FirstAsync(cancellationToken);
            rules.Add(r);
        }

        IReadOnlyList<RuleInfo> sorted = [.. rules.OrderBy(r => r.Family, StringComparer.Ordinal)
            .ThenBy(r => r.Code.Length).ThenBy(r => r.Code, StringComparer.Ordinal)];
        _rules = (run, sorted);
        return sorted;
    }

    /// <summary>The years that have findings, newest first, for the year filter.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Forms.AsNoTracking().Select(f => f.Year).Distinct().OrderByDescending(y => y)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every finding matching <paramref name="filter"/>, in the grid's default order, as the exporter takes them
    /// (streamed; the same filter as the grid, so an export holds exactly the filtered set).
    /// </summary>
    public async IAsyncEnumerable<FindingListItem> ExportAsync(FindingFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Batch = 2000;
        for (var skip = 0; ; skip += Batch)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var ids = await Sort(await FilterAsync(db, filter, Paging.DenseMatches, cancellationToken), FindingSort.Default, false).Skip(skip).Take(Batch)
                .Select(f => f.Id).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                yield break;
            }

            var rows = await (from f in db.Findings.AsNoTracking()
                              join form in db.Forms on f.FormId equals form.Id
                              where ids.Contains(f.Id)
                              select new { f, form.FileName }).ToDictionaryAsync(x => x.f.Id, cancellationToken);
            var reviews = await ReviewStates.ForKeysAsync(db, rows.Values.Select(r => r.f.Key).ToList(),
                cancellationToken);
            foreach (var id in ids)
            {
                var (f, file) = (rows[id].f, rows[id].FileName);
                var review = reviews.GetValueOrDefault(f.Key) ?? ReviewState.Open;
                yield return new FindingListItem(f.Id, f.Key, f.RuleCode, f.RuleTitle, f.RuleTitleEn, f.Severity,
                    f.UnitName, f.Year, f.Kind, f.ProjectName.Length == 0 ? null : f.ProjectName, f.FormId, file,
                    f.Line, f.Indicator, f.Message, f.MessageEn,
                    System.Text.Json.JsonSerializer.Deserialize<SortedDictionary<string, double>>(f.EvidenceJson)!,
                    review.Status, review.Note, review.Reviewer);
            }

            if (ids.Count < Batch)
            {
                yield break;
            }
        }
    }

    /// <summary>At most this many closed findings are excluded by id when filtering for open ones.</summary>
    private const int MaxClosedIds = 20_000;

    /// <summary>
    /// The filtered findings and their number. "Open" excludes the closed findings by id: they are few (reviews are
    /// made by hand) and found through the key index, where testing every finding's key against the latest review
    /// would read every key. Past <see cref="MaxClosedIds"/> the plain filter is used.
    /// </summary>
    private static async Task<(IQueryable<FindingEntity> Findings, int Total)> FilteredAsync(PerfEvalDbContext db,
        FindingFilter filter, int denseMatches, CancellationToken ct)
    {
        if (filter.Review == ReviewStatus.Open)
        {
            var any = await FilterAsync(db, filter with { Review = null }, denseMatches, ct);
            var closed = await any.Where(f => ReviewStates.KeysClosed(db).Contains(f.Key)).Select(f => f.Id)
                .Take(MaxClosedIds + 1).ToListAsync(ct);
            if (closed.Count <= MaxClosedIds)
            {
                return (any.Where(f => !closed.Contains(f.Id)), await any.CountAsync(ct) - closed.Count);
            }
        }

        var (filtered, textMatches) = await FilterCountedAsync(db, filter, denseMatches, ct);
        // Free text alone: the search already counted its matches (a second count read them all again).
        return (filtered, filter is { Rule: null, MinSeverity: null, Unit: null, Year: null, Kind: null, Review: null }
            && textMatches is { } count ? count : await filtered.CountAsync(ct));
    }

    internal static async Task<IQueryable<FindingEntity>> FilterAsync(PerfEvalDbContext db, FindingFilter filter,
        int denseMatches, CancellationToken ct) => (await FilterCountedAsync(db, filter, denseMatches, ct)).Findings;

    /// <summary>The filtered findings, and the number of free-text matches when there is a free text. On PostgreSQL,
    /// past <paramref name="denseMatches"/> text matches (<see cref="TextPaging"/>) combined with other filters, the
    /// text condition joins theirs.</summary>
    private static async Task<(IQueryable<FindingEntity> Findings, int? TextMatches)> FilterCountedAsync(
        PerfEvalDbContext db, FindingFilter filter, int denseMatches, CancellationToken ct)
    {
        int? textMatches = null;
        TextSearch.Matches? matches = null;
        var findings = db.Findings.AsNoTracking();
        if (filter.Text is { Length: > 0 } text)
        {
            // Through the bigram index (Search/TextSearch): the same findings as Message/Indicator.Contains(text),
            // without reading every message.
            var textOnly = filter is { Rule: null, MinSeverity: null, Unit: null, Year: null, Kind: null, Review: null };
            // With other filters the number of text matches only chooses the shape below: counted up to past both
            // thresholds (the caller counts the filtered findings).
            matches = textOnly
                ? await TextSearch.FindingsAsync(db, text, ct)
                : await TextSearch.FindingsCountedUpToAsync(db, text,
                    (int)Math.Min(int.MaxValue, Math.Max(TextSearch.LookupLimit, (long)denseMatches) + 1), ct);
            textMatches = textOnly ? matches.Count : null;
            if (!textOnly && matches.Count > denseMatches && !db.Database.IsSqlite())
            {
                // PostgreSQL, many matches and other filters: the text condition on the findings read for them (one
                // scan of the table) rather than their ids matched against a second scan of it: 原因 + year 2022 on
                // a million findings 190 ms instead of 530 ms.
                findings = TextSearch.FindingsContainingOnPostgres(db, text).AsNoTracking();
                matches = null;
            }
        }

        if (filter.Rule is { Length: > 0 } rule)
        {
            findings = findings.Where(f => f.RuleCode == rule);
        }

        if (filter.MinSeverity is { } severity)
        {
            findings = findings.Where(f => f.Severity >= severity);
        }

        if (filter.Unit is { Length: > 0 } unit)
        {
            // Through the units table (thousands of names, not millions of findings): the unit's name as first filed;
            // its forms by the unit index, their findings by the form index.
            var forms = db.Forms.Where(form => db.Units.Where(u => u.Name.Contains(unit)).Select(u => u.Id)
                .Contains(form.UnitId)).Select(form => form.Id);
            findings = findings.Where(f => forms.Contains(f.FormId));
        }

        if (filter.Year is { } year)
        {
            findings = findings.Where(f => f.Year == year);
        }

        if (filter.Kind is { } kind)
        {
            findings = findings.Where(f => f.Kind == kind);
        }

        if (matches is not null)
        {
            // Many matches on SQLite: "Id + 0" keeps the planner from looking up every match by id (a wide-row read
            // each); it walks the index that serves the other filters or the order and probes the matches instead.
            findings = matches.Probe
                ? findings.Where(f => matches.Ids.Contains(f.Id + 0))
                : findings.Where(f => matches.Ids.Contains(f.Id));
        }

        if (filter.Review is { } review)
        {
            // Reviews are few next to findings: start from them. Open = no review at all, or reopened.
            findings = review == ReviewStatus.Open
                ? findings.Where(f => !ReviewStates.KeysClosed(db).Contains(f.Key))
                : findings.Where(f => ReviewStates.KeysWithLatest(db, review).Contains(f.Key));
        }

        return (findings, textMatches);
    }

    internal static IQueryable<FindingEntity> Sort(IQueryable<FindingEntity> q, FindingSort sort, bool descending) =>
        sort switch
        {
            FindingSort.Severity => descending
                ? q.OrderByDescending(f => f.Severity).ThenBy(f => f.Id)
                : q.OrderBy(f => f.Severity).ThenBy(f => f.Id),
            FindingSort.Rule => descending
                ? q.OrderByDescending(f => f.RuleCode).ThenBy(f => f.Id)
                : q.OrderBy(f => f.RuleCode).ThenBy(f => f.Id),
            FindingSort.Unit => descending
                ? q.OrderByDescending(f => f.UnitName).ThenBy(f => f.Year).ThenBy(f => f.Id)
                : q.OrderBy(f => f.UnitName).ThenBy(f => f.Year).ThenBy(f => f.Id),
            FindingSort.Year => descending
                ? q.OrderByDescending(f => f.Year).ThenBy(f => f.UnitName).ThenBy(f => f.Id)
                : q.OrderBy(f => f.Year).ThenBy(f => f.UnitName).ThenBy(f => f.Id),
            FindingSort.Kind => descending
                ? q.OrderByDescending(f => f.Kind).ThenBy(f => f.Id)
                : q.OrderBy(f => f.Kind).ThenBy(f => f.Id),
            FindingSort.Line => descending
                ? q.OrderByDescending(f => f.Line).ThenBy(f => f.Id)
                : q.OrderBy(f => f.Line).ThenBy(f => f.Id),
            _ => q.OrderByDescending(f => f.Severity).ThenBy(f => f.Id),
        };
}
