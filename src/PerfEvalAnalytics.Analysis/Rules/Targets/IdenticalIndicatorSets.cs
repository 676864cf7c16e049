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
public sealed partial class IdenticalIndicatorSets : IBatchRule, ISummarizingRule
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
    /// <remarks>
    /// T7 compares a form with the unit's previous year as each slice of whole units passes, and keeps of each form
    /// that can still lead to a finding its header, that result and its set's keys for the comparison across units,
    /// in temporary files by year and kind (each (year, kind) batch lies in one partition), and compares one
    /// partition at a time, its keys numbered per partition. T7 finds at most one finding per form. (Until
    /// 2026-12-01 a run numbered the keys of every form in one table kept to its end: about 119,000 distinct keys
    /// at 100,000 forms, growing with N.)
    /// </remarks>
    public RunSummaries StartRun() => new BatchSummaries<Kept>(
        slice => Summarize(slice).Where(s => s.Yearly is not null || s.Keys.Length >= _settings.MinIndicators),
        s => BatchKey.YearAndKind(s.Form), Write, Read,
        p => p.BytesOnDisk > InMemoryBytes ? JudgeOutOfMemory(p) : JudgeKept(p.ReadAll()), SpillSummaries);

    /// <summary>Summaries held in memory before they go to temporary files (tests set 1 to spill every one).</summary>
    internal int SpillSummaries { get; init; } = RunSummaries.SummariesInMemory;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms) =>
        JudgeAll(forms.Distinct().ToList());

    private IEnumerable<Finding> JudgeAll(List<EvaluationForm> forms) => JudgeKept(Summarize(forms));

    /// <summary>Numbers the keys of the forms (one table for them all; the comparison only needs them consistent
    /// among the forms compared) and judges the forms.</summary>
    private IEnumerable<Finding> JudgeKept(IReadOnlyList<Kept> kept)
    {
        var keys = new KeyTable();
        var summaries = kept.Select((k, i) => new Summary(k.Form, [.. k.Keys.Select(keys.IdOf).Order()], k.Yearly, i))
            .ToList();
        return Judge(summaries, keys);
    }

    /// <summary>
    /// What T7 keeps of the forms of whole units: each form's header, its comparison with the same filer's previous
    /// year (which needs the actuals), and its set's keys.
    /// </summary>
    private List<Kept> Summarize(IReadOnlyList<EvaluationForm> forms)
    {
        var sets = forms.ToDictionary<EvaluationForm, EvaluationForm, Dictionary<string, string>>(
            f => f, Set, ReferenceEqualityComparer.Instance);
        var yearly = new Dictionary<EvaluationForm, Yearly>(ReferenceEqualityComparer.Instance);
        foreach (var series in FormSeries.Of(forms))
        {
            foreach (var form in series.Forms)
            {
                if (series.In(form.Year - 1) is { } prior && Compare(sets[form], sets[prior]) is var (j, common)
                    && j >= _settings.MinJaccard && common.All(e => sets[form][e] == sets[prior][e]))
                {
                    yearly[form] = new Yearly(prior.Year, j, common.Count);
                }
            }
        }

        return forms.Select(f => new Kept(FormSummary.Header(f), [.. sets[f].Keys], yearly.GetValueOrDefault(f)))
            .ToList();
    }

    private IEnumerable<Finding> Judge(IReadOnlyList<Summary> summaries, KeyTable keys)
    {
        var partners = new Dictionary<Summary, Partners>(ReferenceEqualityComparer.Instance);
        foreach (var peers in summaries.GroupBy(s => (s.Form.Year, s.Form.Kind)))
        {
            var list = peers.Where(s => s.Keys.Length >= _settings.MinIndicators)
                .OrderBy(s => s.Form.FileName, StringComparer.Ordinal).ToList();
            foreach (var (i, k) in CandidatePairs(list, keys))
            {
                if (UnitNames.Normalize(list[i].Form.UnitName) == UnitNames.Normalize(list[k].Form.UnitName))
                {
                    continue;
                }

                var j = Jaccard(list[i].Keys, list[k].Keys);
                if (j >= _settings.MinJaccard)
                {
                    Add(partners, list[i], list[k], j);
                    Add(partners, list[k], list[i], j);
                }
            }
        }

        foreach (var summary in summaries.Where(s => s.Yearly is not null || partners.ContainsKey(s)))
        {
            var found = partners.GetValueOrDefault(summary);
            yield return Describe(summary.Form, summary.Keys.Length, summary.Yearly, found?.Count ?? 0,
                found?.Top.Select(p => (Name(p.Other), p.Jaccard)).ToList() ?? []);
        }
    }

    private static void Write(BinaryWriter w, Kept s)
    {
        FormHeader.Write(w, s.Form);
        w.Write(s.Keys.Length);
        foreach (var key in s.Keys)
        {
            SpillFile.WriteText(w, key);
        }

        w.Write(s.Yearly is not null);
        if (s.Yearly is { } y)
        {
            w.Write(y.PriorYear);
            w.Write(y.Jaccard);
            w.Write(y.Common);
        }
    }

    /// <summary>Reads a summary written by <see cref="Write"/>; the keys, which repeat across the forms of a
    /// partition, are shared through <paramref name="pool"/>.</summary>
    private static Kept Read(BinaryReader r, StringPool? pool)
    {
        var header = FormHeader.Read(r, pool);
        var keys = new string[r.ReadInt32()];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = SpillFile.ReadText(r);
            keys[i] = pool?.Share(key) ?? key;
        }

        var yearly = r.ReadBoolean() ? new Yearly(r.ReadInt32(), r.ReadDouble(), r.ReadInt32()) : null;
        return new Kept(header, keys, yearly);
    }

    /// <summary>A form's match with the same filer's previous year.</summary>
    private sealed record Yearly(int PriorYear, double Jaccard, int Common);

    /// <summary>What T7 keeps of a form until its partition is compared: header, previous-year match, and the set's
    /// keys.</summary>
    private sealed record Kept(FormHeader Form, string[] Keys, Yearly? Yearly);

    /// <summary>A form as T7 compares it: its set's keys as ids of the comparison's <see cref="KeyTable"/>,
    /// ascending.</summary>
    /// <param name="Form">The form's header.</param>
    /// <param name="Keys">Its set's keys as ids, ascending.</param>
    /// <param name="Yearly">Its match with the previous year, if any.</param>
    /// <param name="Position">Its place in the partition (or list): orders partners with the same Jaccard and file
    /// name (file names carry no folder, so two units' files may share one).</param>
    private sealed record Summary(FormHeader Form, int[] Keys, Yearly? Yearly, int Position);

    /// <summary>The distinct keys of a run, each with an id (in the order first seen).</summary>
    private sealed class KeyTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public int IdOf(string key)
        {
            if (!_ids.TryGetValue(key, out var id))
            {
                id = _names.Count;
                _ids[key] = id;
                _names.Add(key);
            }

            return id;
        }

        public string NameOf(int id) => _names[id];
    }

    /// <summary>The finding of a form that matches its previous year, forms of other units, or both.</summary>
    /// <param name="form">The form.</param>
    /// <param name="size">Elements of its set.</param>
    /// <param name="yearly">Its match with the previous year, if any.</param>
    /// <param name="partnerCount">Forms of other units it matches.</param>
    /// <param name="top">The <see cref="PartnersShown"/> its finding names (<see cref="Name"/>), highest Jaccard first.</param>
    private Finding Describe(IFormHeader form, int size, Yearly? yearly, int partnerCount,
        IReadOnlyList<(string Name, double Jaccard)> top)
    {
        var zh = new List<string>();
        var en = new List<string>();
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("indicators", size), new("minJaccard", _settings.MinJaccard),
            new("minIndicators", _settings.MinIndicators),
        };
        if (yearly is (var priorYear, var jaccard, var common))
        {
            zh.Add(Finding.Invariant($"与本单位 {priorYear} 年表的指标及年度指标值重合度 {jaccard:0.00}（共同 {common} 项），且共同指标的全年完成值完全相同"));
            en.Add(Finding.Invariant($"indicators and targets overlap the unit's {priorYear} form at Jaccard {jaccard:0.00} ({common} common) with every common actual unchanged"));
            evidence.Add(new("priorYearJaccard", jaccard));
            evidence.Add(new("priorYearCommon", common));
        }

        if (partnerCount > 0)
        {
            var names = string.Join("、", top.Select(p => p.Name));
            var more = partnerCount > PartnersShown ? "等" : string.Empty;
            var namesEn = string.Join(", ", top.Select(p => p.Name));
            var moreEn = partnerCount > PartnersShown ? ", …" : string.Empty;
            zh.Add(Finding.Invariant($"与同年度 {partnerCount} 个其他单位的表（{names}{more}）指标及年度指标值重合度最高 {top[0].Jaccard:0.00}"));
            en.Add(Finding.Invariant($"indicators and targets match {partnerCount} other unit(s)' forms of the same year ({namesEn}{moreEn}), Jaccard up to {top[0].Jaccard:0.00}"));
            evidence.Add(new("partners", partnerCount));
            evidence.Add(new("maxPartnerJaccard", top[0].Jaccard));
        }

        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"{string.Join("；", zh)}（阈值 {_settings.MinJaccard:0.00}，至少 {_settings.MinIndicators} 项），疑似照搬",
            $"{string.Join("; ", en)} (threshold {_settings.MinJaccard:0.00}, at least {_settings.MinIndicators} indicators): likely copied",
            evidence);
    }

    private static string Name(IFormHeader form) =>
        form.ProjectName is null ? form.UnitName : $"{form.UnitName}/{form.ProjectName}";

    private static void Add(Dictionary<Summary, Partners> partners, Summary form, Summary other, double jaccard)
    {
        if (!partners.TryGetValue(form, out var found))
        {
            found = new Partners();
            partners[form] = found;
        }

        found.Add(other.Form, other.Position, jaccard);
    }

    /// <summary>
    /// A form's partners across units: how many, and the <see cref="PartnersShown"/> its finding names (highest
    /// Jaccard first, then by file name ordinally, then by place in the partition: the order
    /// <see cref="JudgeOutOfMemory"/> gives too, whatever order the pairs are found in). Only those are kept: a template shared by thousands of forms would otherwise keep a list of every
    /// other form per form, the square of their number.
    /// </summary>
    private sealed class Partners
    {
        private readonly List<(IFormHeader Other, int Position, double Jaccard)> _top = new(PartnersShown + 1);

        public int Count { get; private set; }

        public IReadOnlyList<(IFormHeader Other, int Position, double Jaccard)> Top => _top;

        public void Add(FormHeader other, int position, double jaccard)
        {
            Count++;
            var at = _top.FindIndex(p => p.Jaccard < jaccard
                || (p.Jaccard == jaccard && (string.CompareOrdinal(p.Other.FileName, other.FileName) is var order)
                    && (order > 0 || (order == 0 && p.Position > position))));
            if (at < 0)
            {
                at = _top.Count;
            }

            if (at < PartnersShown)
            {
                _top.Insert(at, (other, position, jaccard));
                if (_top.Count > PartnersShown)
                {
                    _top.RemoveAt(PartnersShown);
                }
            }
        }
    }

    /// <summary>
    /// The pairs (i &lt; k) that can reach <see cref="Settings.MinJaccard"/>, by prefix filtering (the standard
    /// set-similarity join): with elements ordered rarest first, two sets with Jaccard ≥ t must share one of the first
    /// |S| − ⌈t·|S|⌉ + 1 elements of each. Comparing only those pairs keeps a district of thousands of forms that
    /// share a template from costing n² comparisons; the pairs it skips cannot be copies.
    /// </summary>
    private IEnumerable<(int I, int K)> CandidatePairs(List<Summary> list, KeyTable keys)
    {
        var frequency = new Dictionary<int, int>();
        foreach (var key in list.SelectMany(s => s.Keys))
        {
            frequency[key] = frequency.GetValueOrDefault(key) + 1;
        }

        var index = new Dictionary<int, List<int>>();
        var seen = new HashSet<int>();
        for (var k = 0; k < list.Count; k++)
        {
            var set = list[k].Keys;
            var prefix = set.OrderBy(e => frequency[e]).ThenBy(keys.NameOf, StringComparer.Ordinal)
                .Take(set.Length - (int)Math.Ceiling(_settings.MinJaccard * set.Length) + 1).ToList();
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

    /// <summary>Jaccard of two sets of key ids in ascending order (0 when either is below the minimum size).</summary>
    private double Jaccard(int[] a, int[] b)
    {
        if (a.Length < _settings.MinIndicators || b.Length < _settings.MinIndicators)
        {
            return 0;
        }

        var common = 0;
        for (int i = 0, k = 0; i < a.Length && k < b.Length;)
        {
            var order = a[i].CompareTo(b[k]);
            if (order == 0)
            {
                common++;
                i++;
                k++;
            }
            else if (order < 0)
            {
                i++;
            }
            else
            {
                k++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
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
    /// the slice's own; the comparison numbers them (<see cref="KeyTable"/>).
    /// </summary>
    private static Dictionary<string, string> Set(EvaluationForm form)
    {
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in form.Indicators.Where(r => r.Target.Kind != ValueKind.Empty))
        {
            var key = $"{Indicators.Key(row)}|{row.Target.Raw}";
            set.TryAdd(key, row.Actual.Raw);
        }

        return set;
    }
}
