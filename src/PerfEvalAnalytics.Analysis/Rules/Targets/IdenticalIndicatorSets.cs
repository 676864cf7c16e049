using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T7 指标体系与数值跨年/跨单位照搬: a form's indicator set (三级指标 and 年度指标值) repeats last year's with every
/// actual unchanged, or repeats another unit's form of the same year.
/// </summary>
/// <remarks>
/// The set of a form is {(<see cref="Indicators.Key"/>, 年度指标值 as filed)} over rows with a target. Year over year
/// (same unit, kind and project, years y−1 and y): Jaccard ≥ <see cref="Settings.MinJaccard"/> and every common row's
/// 全年完成值 identical. Across units (same year and kind, different unit): Jaccard ≥ the same threshold. Both sets
/// need at least <see cref="Settings.MinIndicators"/> elements. One finding per form states both conditions where
/// both hold, and lists every matching unit.
/// </remarks>
public sealed class IdenticalIndicatorSets : IBatchRule, ISummarizingRule
{
    private const int PartnersShown = 3;

    private readonly Settings _settings;

    public IdenticalIndicatorSets(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.MinJaccard, nameof(settings.MinJaccard));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.MinJaccard, 1.0, nameof(settings.MinJaccard));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinIndicators, 1, nameof(settings.MinIndicators));
        _settings = settings;
    }

    /// <param name="MinJaccard">Jaccard similarity of the two sets that counts as a copy (RULES.md §3 T7: 0.9).</param>
    /// <param name="MinIndicators">
    /// Smallest set compared [D]: two forms with three identical rows share a template, not a copy.
    /// </param>
    public sealed record Settings(double MinJaccard = 0.9, int MinIndicators = 5);

    public static RuleInfo Rule { get; } =
        new("T7", "指标体系与数值跨年/跨单位照搬", "Identical indicator sets across years or units", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads the rows with a target (their key, target and actual as filed).</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>T7 keeps each form's header and its set, the set's keys shared across forms.</remarks>
    public RunSummaries StartRun()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        return RunSummaries.Of(form => Summarize(form, texts), (summaries, _) => Judge(summaries));
    }

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        return Judge(forms.Distinct().Select(f => Summarize(f, texts)).ToList());
    }

    /// <summary>What T7 reads of a form: its header (year, kind, identity) and its set.</summary>
    private static (EvaluationForm Form, Dictionary<string, string> Set) Summarize(EvaluationForm form,
        Dictionary<string, string> texts) => (FormSummary.Header(form), Set(form, texts));

    private IEnumerable<Finding> Judge(IReadOnlyList<(EvaluationForm Form, Dictionary<string, string> Set)> summaries)
    {
        var forms = summaries.Select(s => s.Form).ToList();
        var sets = summaries.ToDictionary(s => s.Form, s => s.Set);
        var yearly = new Dictionary<EvaluationForm, (EvaluationForm Prior, double Jaccard, int Common)>();
        foreach (var series in FormSeries.Of(forms))
        {
            foreach (var form in series.Forms)
            {
                if (series.In(form.Year - 1) is { } prior && Compare(sets[form], sets[prior]) is var (j, common)
                    && j >= _settings.MinJaccard && common.All(e => sets[form][e] == sets[prior][e]))
                {
                    yearly[form] = (prior, j, common.Count);
                }
            }
        }

        var partners = new Dictionary<EvaluationForm, List<(EvaluationForm Other, double Jaccard)>>();
        foreach (var peers in sets.Keys.GroupBy(f => (f.Year, f.Kind)))
        {
            var list = peers.Where(f => sets[f].Count >= _settings.MinIndicators)
                .OrderBy(f => f.Source.FileName, StringComparer.Ordinal).ToList();
            foreach (var (i, k) in CandidatePairs(list, sets))
            {
                if (UnitNames.Normalize(list[i].UnitName) == UnitNames.Normalize(list[k].UnitName))
                {
                    continue;
                }

                var (j, _) = Compare(sets[list[i]], sets[list[k]]);
                if (j >= _settings.MinJaccard)
                {
                    Add(partners, list[i], list[k], j);
                    Add(partners, list[k], list[i], j);
                }
            }
        }

        foreach (var form in forms.Where(f => yearly.ContainsKey(f) || partners.ContainsKey(f)))
        {
            yield return Describe(form, sets[form].Count, yearly.TryGetValue(form, out var y) ? y : null,
                partners.GetValueOrDefault(form));
        }
    }

    private Finding Describe(EvaluationForm form, int size, (EvaluationForm Prior, double Jaccard, int Common)? yearly,
        List<(EvaluationForm Other, double Jaccard)>? partners)
    {
        var zh = new List<string>();
        var en = new List<string>();
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("indicators", size), new("minJaccard", _settings.MinJaccard),
            new("minIndicators", _settings.MinIndicators),
        };
        if (yearly is (var prior, var jaccard, var common))
        {
            zh.Add(Finding.Invariant($"与本单位 {prior.Year} 年表的指标及年度指标值重合度 {jaccard:0.00}（共同 {common} 项），且共同指标的全年完成值完全相同"));
            en.Add(Finding.Invariant($"indicators and targets overlap the unit's {prior.Year} form at Jaccard {jaccard:0.00} ({common} common) with every common actual unchanged"));
            evidence.Add(new("priorYearJaccard", jaccard));
            evidence.Add(new("priorYearCommon", common));
        }

        if (partners is { Count: > 0 })
        {
            var sorted = partners.OrderByDescending(p => p.Jaccard)
                .ThenBy(p => p.Other.Source.FileName, StringComparer.Ordinal).ToList();
            var names = string.Join("、", sorted.Take(PartnersShown).Select(p => Name(p.Other)));
            var more = sorted.Count > PartnersShown ? "等" : string.Empty;
            var namesEn = string.Join(", ", sorted.Take(PartnersShown).Select(p => Name(p.Other)));
            var moreEn = sorted.Count > PartnersShown ? ", …" : string.Empty;
            zh.Add(Finding.Invariant($"与同年度 {sorted.Count} 个其他单位的表（{names}{more}）指标及年度指标值重合度最高 {sorted[0].Jaccard:0.00}"));
            en.Add(Finding.Invariant($"indicators and targets match {sorted.Count} other unit(s)' forms of the same year ({namesEn}{moreEn}), Jaccard up to {sorted[0].Jaccard:0.00}"));
            evidence.Add(new("partners", sorted.Count));
            evidence.Add(new("maxPartnerJaccard", sorted[0].Jaccard));
        }

        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"{string.Join("；", zh)}（阈值 {_settings.MinJaccard:0.00}，至少 {_settings.MinIndicators} 项），疑似照搬",
            $"{string.Join("; ", en)} (threshold {_settings.MinJaccard:0.00}, at least {_settings.MinIndicators} indicators): likely copied",
            evidence);
    }

    private static string Name(EvaluationForm form) =>
        form.ProjectName is null ? form.UnitName : $"{form.UnitName}/{form.ProjectName}";

    private static void Add(Dictionary<EvaluationForm, List<(EvaluationForm, double)>> partners, EvaluationForm form,
        EvaluationForm other, double jaccard)
    {
        if (!partners.TryGetValue(form, out var list))
        {
            list = [];
            partners[form] = list;
        }

        list.Add((other, jaccard));
    }

    /// <summary>
    /// The pairs (i &lt; k) that can reach <see cref="Settings.MinJaccard"/>, by prefix filtering (the standard
    /// set-similarity join): with elements ordered rarest first, two sets with Jaccard ≥ t must share one of the first
    /// |S| − ⌈t·|S|⌉ + 1 elements of each. Comparing only those pairs keeps a district of thousands of forms that
    /// share a template from costing n² comparisons; the pairs it skips cannot be copies.
    /// </summary>
    private IEnumerable<(int I, int K)> CandidatePairs(List<EvaluationForm> list,
        Dictionary<EvaluationForm, Dictionary<string, string>> sets)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in list.SelectMany(f => sets[f].Keys))
        {
            frequency[key] = frequency.GetValueOrDefault(key) + 1;
        }

        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var seen = new HashSet<int>();
        for (var k = 0; k < list.Count; k++)
        {
            var set = sets[list[k]];
            var prefix = set.Keys.OrderBy(e => frequency[e]).ThenBy(e => e, StringComparer.Ordinal)
                .Take(set.Count - (int)Math.Ceiling(_settings.MinJaccard * set.Count) + 1).ToList();
            seen.Clear();
            foreach (var element in prefix)
            {
                if (!index.TryGetValue(element, out var earlier))
                {
                    earlier = [];
                    index[element] = earlier;
                }

                foreach (var i in earlier)
                {
                    if (seen.Add(i))
                    {
                        yield return (i, k);
                    }
                }

                earlier.Add(k);
            }
        }
    }

    /// <summary>Jaccard of the two sets (0 when either is below the minimum size) and their common elements.</summary>
    private (double Jaccard, List<string> Common) Compare(Dictionary<string, string> a, Dictionary<string, string> b)
    {
        if (a.Count < _settings.MinIndicators || b.Count < _settings.MinIndicators)
        {
            return (0, []);
        }

        var common = a.Keys.Where(b.ContainsKey).ToList();
        return ((double)common.Count / (a.Count + b.Count - common.Count), common);
    }

    /// <summary>
    /// The form's set: (cross-year key, target as filed) → the 全年完成值 as filed (first row wins). Its keys are
    /// taken from <paramref name="texts"/> (one instance per distinct key), so sets kept for a run share them.
    /// </summary>
    private static Dictionary<string, string> Set(EvaluationForm form, Dictionary<string, string> texts)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in form.Indicators.Where(r => r.Target.Kind != ValueKind.Empty))
        {
            var key = $"{Indicators.Key(row)}|{row.Target.Raw}";
            if (!set.ContainsKey(key))
            {
                set[Shared(key, texts)] = row.Actual.Raw; // actuals are mostly distinct: not worth a pool entry
            }
        }

        set.TrimExcess();
        return set;
    }

    private static string Shared(string text, Dictionary<string, string> texts)
    {
        if (texts.TryGetValue(text, out var shared))
        {
            return shared;
        }

        texts[text] = text;
        return text;
    }
}
