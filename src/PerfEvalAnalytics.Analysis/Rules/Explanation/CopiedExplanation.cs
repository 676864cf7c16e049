using System.Globalization;
using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Explanation;

/// <summary>
/// E4 偏差原因分析雷同（复制粘贴）: near-identical explanations (character 3-gram Jaccard ≥ 0.9) on at least three
/// distinct indicators of one form, on the same indicator of the same unit in consecutive years, or on the same
/// indicator of different units in the same year.
/// </summary>
/// <remarks>
/// Cross-year matches flag the later year only (the copy); same-form and cross-unit matches flag every row involved.
/// One finding per row, naming every kind of match it has. Explanations shorter than
/// <see cref="Settings.MinChineseLength"/> are left out: short stock phrases (按计划完成) recur independently and are
/// E3's concern, not copying. Adding forms to a batch can add matches, never remove one.
/// </remarks>
public sealed class CopiedExplanation(CopiedExplanation.Settings settings) : IBatchRule, ISummarizingRule
{
    /// <param name="Similarity">Character 3-gram Jaccard from which two explanations are copies (RULES.md §3 E4:
    /// 0.9, [D]).</param>
    /// <param name="MinIndicators">Distinct indicators of one form sharing an explanation (RULES.md §3 E4: 3).</param>
    /// <param name="MinChineseLength">Explanations with fewer Chinese characters are not compared ([D]: avoids
    /// flagging the same two-word phrase written independently).</param>
    public sealed record Settings(double Similarity = 0.9, int MinIndicators = 3, int MinChineseLength = 10);

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("E4", "偏差原因分析雷同（复制粘贴）", "Copy-paste explanations", "E");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads the rows whose explanation is long enough to compare.</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>E4 keeps each form's header and, of each compared row, its key, name, line, explanation and whether
    /// it missed with full marks.</remarks>
    public RunSummaries StartRun()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        return RunSummaries.Of(form => Summarize(form, texts), (summaries, _) => Judge(summaries));
    }

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        return Judge(forms.Select(f => Summarize(f, texts)).ToList());
    }

    /// <summary>What E4 reads of a form: its header and its compared rows (keys and names shared across forms).</summary>
    private (EvaluationForm Form, Explained[] Rows) Summarize(EvaluationForm form, Dictionary<string, string> texts) =>
        (FormSummary.Header(form), form.Indicators.Where(IsCompared)
            .Select(r => new Explained(Shared(Indicators.Key(r), texts), Shared(r.DisplayName, texts),
                r.Explanation!, r.Line, RowAssessment.Of(r) is { Outcome: RowOutcome.Missed, FullMarks: true }))
            .ToArray());

    private static string Shared(string text, Dictionary<string, string> texts)
    {
        if (texts.TryGetValue(text, out var shared))
        {
            return shared;
        }

        texts[text] = text;
        return text;
    }

    private IEnumerable<Finding> Judge(IReadOnlyList<(EvaluationForm Form, Explained[] Rows)> forms)
    {
        // Entries hold references only; texts are folded and cut into trigrams per comparison group and dropped after
        // it, and match lists exist only for rows that match: memory stays a small multiple of the explained rows.
        var entries = new List<Entry>();
        for (var f = 0; f < forms.Count; f++)
        {
            var (form, rows) = forms[f];
            var unit = UnitNames.Normalize(form.UnitName);
            foreach (var row in rows)
            {
                entries.Add(new Entry(f, form, row, unit, row.Key));
            }
        }

        // The comparisons run per group in parallel (they only read); what they found is applied to the matches in
        // group order, so the findings are the same as one thread's.
        var matches = new Dictionary<Entry, Matches>();
        var perForm = entries.GroupBy(e => e.FormIndex).Select(g => g.ToList())
            .Where(rows => rows.Count >= _settings.MinIndicators) // fewer explained rows cannot reach MinIndicators
            .ToList();
        foreach (var (a, b, j) in InOrder(perForm, SameForm))
        {
            MatchesOf(a, matches).AddSameForm(b, j);
            MatchesOf(b, matches).AddSameForm(a, j);
        }

        var histories = entries.GroupBy(e => (e.Unit, e.Form.Kind, e.Key)).Select(g => g.ToList()).ToList();
        foreach (var (later, earlier, j) in InOrder(histories, PreviousYear))
        {
            if (!matches.TryGetValue(later, out var m) || m.PreviousYear is null || j > m.PreviousSimilarity)
            {
                MatchesOf(later, matches).PreviousYear = earlier;
                MatchesOf(later, matches).PreviousSimilarity = j;
            }
        }

        var peers = entries.GroupBy(e => (e.Form.Year, e.Key)).Select(g => g.ToList()).ToList();
        foreach (var (entry, bucket, j) in InOrder(peers, OtherUnits))
        {
            MatchesOf(entry, matches).AddOtherUnits(bucket, j);
        }

        var bucketUnits = new Dictionary<List<Entry>, BucketUnits>(
            ReferenceEqualityComparer.Instance);
        foreach (var entry in entries)
        {
            if (!matches.TryGetValue(entry, out var m))
            {
                continue;
            }

            var sameFormIndicators = m.SameForm.Select(x => x.Other.Key).Append(entry.Key).Distinct().Count();
            var sameForm = sameFormIndicators >= _settings.MinIndicators;
            if (!sameForm && m.PreviousYear is null && !m.OtherUnits.Any(b => b.Bucket.Any(e => e.Unit != entry.Unit)))
            {
                continue;
            }

            yield return Build(entry, m, sameForm, sameFormIndicators, bucketUnits);
        }
    }

    /// <summary>Rows whose explanation is compared: not blank, at least the minimum Chinese length.</summary>
    private bool IsCompared(IndicatorRow row) =>
        !Explanations.IsBlank(row.Explanation) && Explanations.ChineseLength(row.Explanation) >= _settings.MinChineseLength;

    /// <summary>Runs <paramref name="compare"/> on every group in parallel; its results, in group order.</summary>
    private static IEnumerable<T> InOrder<T>(List<List<Entry>> groups, Func<List<Entry>, List<T>> compare)
    {
        var results = new List<T>[groups.Count];
        Parallel.For(0, groups.Count, g => results[g] = compare(groups[g]));
        return results.SelectMany(r => r);
    }

    /// <summary>Pairs of rows of one form, of different indicators, with similar explanations.</summary>
    private List<(Entry, Entry, double)> SameForm(List<Entry> rows)
    {
        var found = new List<(Entry, Entry, double)>();
        var trigrams = rows.Select(r => TrigramSets.Of(Indicators.NormalizeText(r.Row.Explanation))).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            for (var k = i + 1; k < rows.Count; k++)
            {
                if (rows[i].Key == rows[k].Key)
                {
                    continue; // the same indicator filed twice is not a second indicator
                }

                var j = TrigramSets.Jaccard(trigrams[i], trigrams[k]);
                if (j >= _settings.Similarity)
                {
                    found.Add((rows[i], rows[k], j));
                }
            }
        }

        return found;
    }

    /// <summary>Rows of one unit, kind and indicator whose explanation is similar to the year before's.</summary>
    private List<(Entry Later, Entry Earlier, double Similarity)> PreviousYear(List<Entry> list)
    {
        var found = new List<(Entry, Entry, double)>();
        var trigrams = new Dictionary<Entry, long[]>();
        foreach (var later in list)
        {
            foreach (var earlier in list.Where(e => e.Form.Year == later.Form.Year - 1))
            {
                var j = TrigramSets.Jaccard(TrigramsOf(later, trigrams), TrigramsOf(earlier, trigrams));
                if (j >= _settings.Similarity)
                {
                    found.Add((later, earlier, j));
                }
            }
        }

        return found;
    }

    /// <summary>Rows of one year and indicator with the same or a similar explanation as rows of other units: each
    /// row with the bucket (rows of one normalised text) it matches.</summary>
    private List<(Entry Entry, List<Entry> Bucket, double Similarity)> OtherUnits(List<Entry> group)
    {
        var found = new List<(Entry, List<Entry>, double)>();
        // Identical texts are one bucket (thousands of units may file the same sentence: linking buckets, not
        // entry pairs, keeps that linear); near-identical buckets are found by prefix filtering.
        var buckets = group.GroupBy(e => Indicators.NormalizeText(e.Row.Explanation), StringComparer.Ordinal)
            .Select(b => (Text: b.Key, List: b.ToList())).ToList();
        foreach (var (_, bucket) in buckets.Where(b => b.List.Select(e => e.Unit).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            found.AddRange(bucket.Select(entry => (entry, bucket, 1.0)));
        }

        var lists = buckets.Select(b => b.List).ToList();
        foreach (var (i, k, j) in SimilarityJoin.Pairs(buckets.Select(b => TrigramSets.Of(b.Text)).ToList(), _settings.Similarity))
        {
            found.AddRange(lists[i].Select(entry => (entry, lists[k], j)));
            found.AddRange(lists[k].Select(entry => (entry, lists[i], j)));
        }

        return found;
    }

    private Finding Build(Entry entry, Matches m, bool sameForm, int sameFormIndicators,
        Dictionary<List<Entry>, BucketUnits> bucketUnits)
    {
        var zh = new List<string>();
        var en = new List<string>();
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("threshold", _settings.Similarity), new("chineseLength", Explanations.ChineseLength(entry.Row.Explanation)),
        };
        var best = 0.0;
        if (sameForm)
        {
            var lines = m.SameForm.Select(x => x.Other.Row.Line).Distinct().Order().ToList();
            var lineList = string.Join('、', lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            zh.Add(Finding.Invariant($"与本表第 {lineList} 行雷同（共 {sameFormIndicators} 个不同指标，阈值 {_settings.MinIndicators} 个）"));
            en.Add(Finding.Invariant($"matches lines {string.Join(", ", lines)} of this form ({sameFormIndicators} distinct indicators, threshold {_settings.MinIndicators})"));
            evidence.Add(new("sameFormIndicators", sameFormIndicators));
            evidence.Add(new("sameFormLine", lines[0]));
            best = Math.Max(best, m.SameForm.Max(x => x.Similarity));
        }

        if (m.PreviousYear is { } prev)
        {
            zh.Add(Finding.Invariant($"与本单位 {prev.Form.Year} 年同一指标（第 {prev.Row.Line} 行）雷同"));
            en.Add(Finding.Invariant($"matches the same indicator of this unit in {prev.Form.Year} (line {prev.Row.Line})"));
            evidence.Add(new("previousYear", prev.Form.Year));
            evidence.Add(new("previousYearLine", prev.Row.Line));
            best = Math.Max(best, m.PreviousSimilarity);
        }

        // Distinct units per bucket are computed once per bucket, and an entry only subtracts its own unit: a
        // sentence filed by thousands of units would otherwise cost the square of their number.
        var linked = m.OtherUnits.Select(b => (Units: UnitsOf(b.Bucket, bucketUnits), b.Similarity))
            .Where(x => x.Units.Names.Count > (x.Units.Keys.Contains(entry.Unit) ? 1 : 0))
            .ToList();
        if (linked.Count > 0)
        {
            int count;
            List<string> shown;
            if (linked.Count == 1)
            {
                var only = linked[0].Units;
                count = only.Names.Count - (only.Keys.Contains(entry.Unit) ? 1 : 0);
                shown = only.Names.Where((_, i) => only.KeyList[i] != entry.Unit).Take(5).ToList();
            }
            else
            {
                var all = linked.SelectMany(x => x.Units.Names.Where((_, i) => x.Units.KeyList[i] != entry.Unit))
                    .Distinct(StringComparer.Ordinal).ToList();
                count = all.Count;
                shown = all.Take(5).ToList();
            }

            var top = linked.MaxBy(x => x.Similarity);
            var topLine = top.Units.Lines[top.Units.KeyList[0] != entry.Unit ? 0 : 1];
            zh.Add(Finding.Invariant($"与其他 {count} 个单位同年同一指标雷同（{string.Join('、', shown)}{(count > 5 ? "等" : string.Empty)}）"));
            en.Add(Finding.Invariant($"matches the same indicator of {count} other unit(s) in the same year ({string.Join(", ", shown)}{(count > 5 ? " …" : string.Empty)})"));
            evidence.Add(new("otherUnits", count));
            evidence.Add(new("otherUnitLine", topLine));
            best = Math.Max(best, top.Similarity);
        }

        evidence.Add(new("similarity", best));
        var fullMarksMiss = entry.Row.FullMarksMiss;
        var row = entry.Row;
        var quote = ExplanationLexicon.Quote(row.Explanation, 40);
        return Finding.ForIndicator(Rule, fullMarksMiss ? Severity.Medium : Severity.Low, entry.Form, row.Line,
            row.DisplayName,
            $"{row.DisplayName}：偏差及原因分析“{quote}”{string.Join('；', zh)}，最高相似度 {best:0.00}（三元字符 Jaccard，阈值 {_settings.Similarity}）{(fullMarksMiss ? "；且该指标未完成仍记满分" : string.Empty)}",
            $"{row.DisplayName}: explanation \"{quote}\" {string.Join("; ", en)}; highest similarity {best:0.00} (character 3-gram Jaccard, threshold {_settings.Similarity}){(fullMarksMiss ? "; the row also missed its target with full marks" : string.Empty)}",
            evidence);
    }

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Similarity, nameof(Settings.Similarity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.Similarity, 1.0, nameof(Settings.Similarity));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinIndicators, 2, nameof(Settings.MinIndicators));
        ArgumentOutOfRangeException.ThrowIfNegative(s.MinChineseLength, nameof(Settings.MinChineseLength));
        return s;
    }

    /// <summary>One explained row; a class, so rows are told apart by identity even when two forms are equal.</summary>
    /// <summary>What E4 reads of a compared row.</summary>
    private sealed record Explained(string Key, string DisplayName, string Explanation, int Line, bool FullMarksMiss);

    private sealed class Entry(int formIndex, EvaluationForm form, Explained row, string unit, string key)
    {
        public int FormIndex { get; } = formIndex;

        public EvaluationForm Form { get; } = form;

        public Explained Row { get; } = row;

        public string Unit { get; } = unit;

        public string Key { get; } = key;

    }

    /// <summary>What one row matched (lists made on first use: most matched rows have one kind of match).</summary>
    private sealed class Matches
    {
        private List<(Entry Other, double Similarity)>? _sameForm;
        private List<(List<Entry> Bucket, double Similarity)>? _otherUnits;

        public IReadOnlyList<(Entry Other, double Similarity)> SameForm => _sameForm ?? [];

        public Entry? PreviousYear { get; set; }

        public double PreviousSimilarity { get; set; }

        /// <summary>Buckets of the same (or near-identical) text for this indicator and year; entries of other
        /// units in them are the cross-unit copies.</summary>
        public IReadOnlyList<(List<Entry> Bucket, double Similarity)> OtherUnits => _otherUnits ?? [];

        public void AddSameForm(Entry other, double similarity) => (_sameForm ??= []).Add((other, similarity));

        public void AddOtherUnits(List<Entry> bucket, double similarity) => (_otherUnits ??= []).Add((bucket, similarity));
    }

    private static BucketUnits UnitsOf(List<Entry> bucket, Dictionary<List<Entry>, BucketUnits> cache)
    {
        if (!cache.TryGetValue(bucket, out var units))
        {
            var distinct = bucket.DistinctBy(e => e.Unit, StringComparer.Ordinal).ToList();
            units = new BucketUnits(distinct.Select(e => e.Unit).ToList(), distinct.Select(e => e.Form.UnitName).ToList(),
                distinct.Select(e => e.Row.Line).ToList());
            cache[bucket] = units;
        }

        return units;
    }

    /// <summary>The distinct units of a bucket of identical explanations: key, name as filed, line.</summary>
    private sealed class BucketUnits(List<string> keys, List<string> names, List<int> lines)
    {
        public List<string> KeyList { get; } = keys;

        public HashSet<string> Keys { get; } = new(keys, StringComparer.Ordinal);

        public List<string> Names { get; } = names;

        public List<int> Lines { get; } = lines;
    }

    /// <summary>The entry's explanation as sorted trigram codes, computed once per comparison group.</summary>
    private static long[] TrigramsOf(Entry entry, Dictionary<Entry, long[]> cache)
    {
        if (!cache.TryGetValue(entry, out var codes))
        {
            codes = TrigramSets.Of(Indicators.NormalizeText(entry.Row.Explanation));
            cache[entry] = codes;
        }

        return codes;
    }

    private static Matches MatchesOf(Entry entry, Dictionary<Entry, Matches> matches)
    {
        if (!matches.TryGetValue(entry, out var m))
        {
            m = new Matches();
            matches[entry] = m;
        }

        return m;
    }
}
