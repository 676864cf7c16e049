using System.Collections;
using System.Collections.Concurrent;
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
public sealed partial class CopiedExplanation(CopiedExplanation.Settings settings) : IBatchRule, ISummarizingRule
{
    /// <param name="Similarity">Character 3-gram Jaccard from which two explanations are copies (RULES.md §3 E4:
    /// 0.9, [D]).</param>
    /// <param name="MinIndicators">Distinct indicators of one form sharing an explanation (RULES.md §3 E4: 3).</param>
    /// <param name="MinChineseLength">Explanations with fewer Chinese characters are not compared ([D]: avoids
    /// flagging the same two-word phrase written independently).</param>
    public sealed record Settings(double Similarity = 0.9, int MinIndicators = 3, int MinChineseLength = 10);

    /// <summary>Characters of the explanation a finding quotes.</summary>
    private const int QuoteLength = 40;

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } =
        new("E4", "偏差原因分析雷同（复制粘贴）", "Copy-paste explanations", "E");

    public RuleInfo Info => Rule;

    /// <summary>Compared rows held in memory for the cross-unit comparison before they are written to temporary
    /// files (a few hundred bytes each on disk); tests set it low to exercise the spill.</summary>
    internal int SpillRows { get; init; } = 50_000;

    /// <summary>Bytes of a spilled partition (a few hundred per row on disk, a little more in memory) compared at a
    /// time: a larger partition is split into parts of whole (year, indicator) groups first, so what the
    /// cross-unit comparison holds does not grow with the run, only with its largest group. Tests set it low.</summary>
    internal long MaxPartBytes { get; init; } = 8 << 20;

    /// <summary>Bytes on disk of the parts compared at once across the threads (at least one
    /// <see cref="MaxPartBytes"/> per thread): a part beyond what is left waits for the others, a part beyond the
    /// whole is compared alone. Parts are at most <see cref="MaxPartBytes"/> unless one (year, indicator) group is
    /// larger, so this holds back the largest groups, which are what the comparison's memory grows with (at 1,000,716
    /// forms, 131,192 rows of one indicator and year: two of them side by side were the run's peak). Tests set it
    /// low.</summary>
    internal long ConcurrentPartBytes { get; init; } = 32 << 20;

    /// <summary>Rows compared across units between two full collections on a spilled run (see the run).</summary>
    internal int CollectEveryRows { get; init; } = 50_000;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads the rows whose explanation is long enough to compare.</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>E4 matches rows of one form and of one unit across years while the slice is at hand, and keeps of
    /// those only the rows that matched. Every compared row goes to a spill partitioned by (year, indicator) for the
    /// cross-unit comparison at the end, which holds one partition at a time: memory grows with the matches and the
    /// largest partition, not with the run.</remarks>
    public RunSummaries StartRun() => new Run(this);

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        using var run = new Run(this);
        run.Add(forms);
        return run.Evaluate([]).ToList(); // before the run is disposed: its evaluation is lazy
    }

    /// <summary>Same-form matches of one row that reach <see cref="Settings.MinIndicators"/>, and its previous-year
    /// match (that year and its line); either may be missing. The row is its form's (by number in the run) and what
    /// its finding quotes.</summary>
    private sealed record Local(int Ordinal, int FormIndex, Explained Row, IReadOnlyList<int>? SameFormLines,
        int SameFormIndicators, double SameFormBest, (int Year, int Line)? PreviousYear, double PreviousSimilarity)
    {
        public static void Write(BinaryWriter w, Local l)
        {
            w.Write(l.Ordinal);
            w.Write(l.FormIndex);
            SpillFile.WriteText(w, l.Row.Key);
            SpillFile.WriteText(w, l.Row.DisplayName);
            SpillFile.WriteText(w, l.Row.Quote);
            w.Write(l.Row.ChineseLength);
            w.Write(l.Row.Line);
            w.Write(l.Row.FullMarksMiss);
            w.Write(l.SameFormLines?.Count ?? -1);
            foreach (var line in l.SameFormLines ?? [])
            {
                w.Write(line);
            }

            w.Write(l.SameFormIndicators);
            w.Write(l.SameFormBest);
            w.Write(l.PreviousYear is not null);
            w.Write(l.PreviousYear?.Year ?? 0);
            w.Write(l.PreviousYear?.Line ?? 0);
            w.Write(l.PreviousSimilarity);
        }

        /// <summary>Reads a match written by <see cref="Write"/> (the row's compared text is not kept: the finding
        /// does not show it).</summary>
        public static Local Read(BinaryReader r)
        {
            var ordinal = r.ReadInt32();
            var formIndex = r.ReadInt32();
            var row = new Explained(SpillFile.ReadText(r), SpillFile.ReadText(r), SpillFile.ReadText(r), r.ReadInt32(),
                string.Empty, r.ReadInt32(), r.ReadBoolean());
            var count = r.ReadInt32();
            int[]? lines = count < 0 ? null : new int[count];
            for (var i = 0; i < count; i++)
            {
                lines![i] = r.ReadInt32();
            }

            var indicators = r.ReadInt32();
            var best = r.ReadDouble();
            var hasPrevious = r.ReadBoolean();
            (int Year, int Line) previous = (r.ReadInt32(), r.ReadInt32());
            return new Local(ordinal, formIndex, row, lines, indicators, best, hasPrevious ? previous : null,
                r.ReadDouble());
        }
    }

    /// <summary>The other units a row's explanation matches in its year: how many, the first five names, the line of
    /// the best match and its similarity.</summary>
    private sealed record CrossUnits(int Count, IReadOnlyList<string> Shown, int TopLine, double TopSimilarity);

    /// <summary>What the cross-unit comparison reads of a compared row (spilled to disk on large runs).</summary>
    private sealed record PeerRow(int Ordinal, int FormIndex, int Year, string Unit, string UnitName, Explained Row)
    {
        public string Key => Row.Key;

        /// <remarks>Texts as <see cref="SpillFile"/> writes them: they compare the same after a spill.</remarks>
        public static void Write(BinaryWriter w, PeerRow r)
        {
            w.Write(r.Ordinal);
            w.Write(r.FormIndex);
            w.Write(r.Year);
            SpillFile.WriteText(w, r.Unit);
            SpillFile.WriteText(w, r.UnitName);
            SpillFile.WriteText(w, r.Row.Key);
            SpillFile.WriteText(w, r.Row.DisplayName);
            SpillFile.WriteText(w, r.Row.Quote);
            w.Write(r.Row.ChineseLength);
            SpillFile.WriteText(w, r.Row.Normalized);
            w.Write(r.Row.Line);
            w.Write(r.Row.FullMarksMiss);
        }

        public static PeerRow Read(BinaryReader r) => Read(r, null);

        /// <summary>Reads a row, taking the unit, the indicator key and name from <paramref name="pool"/>: a partition
        /// repeats them on every row of a unit and of an indicator, and holds its rows while they are compared.</summary>
        public static PeerRow Read(BinaryReader r, StringPool? pool) =>
            new(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), Share(SpillFile.ReadText(r), pool),
                Share(SpillFile.ReadText(r), pool),
                new Explained(Share(SpillFile.ReadText(r), pool), Share(SpillFile.ReadText(r), pool),
                    SpillFile.ReadText(r), r.ReadInt32(), SpillFile.ReadText(r), r.ReadInt32(), r.ReadBoolean()));

        private static string Share(string text, StringPool? pool) => pool is null ? text : pool.Share(text);
    }

    /// <summary>One run of E4 over slices of whole units.</summary>
    /// <remarks>Evaluating the run releases its spill; a run dropped unevaluated lets go of its temporary files when
    /// disposed or collected.</remarks>
    private sealed class Run(CopiedExplanation rule) : RunSummaries, IDisposable
    {
        /// <summary>Partitions of the cross-unit spill (by year and indicator).</summary>
        private const int Partitions = 64;

        /// <summary>Mixed into <see cref="SubKey"/> so that it differs from <see cref="Partition"/>.</summary>
        private const int SubKeySeed = 0x2545F491;

        // On a run large enough to spill, a full compacting collection before the comparison and after every
        // CollectEveryRows rows compared. A part's rows live while its groups are compared, long enough to be
        // promoted to the oldest generation, where the GC lets them pile up until its budget for that generation
        // runs out: at 603,048 forms the process swung between about 560 and 760 MB with collections 150,000 rows
        // apart, and between about 490 and 665 MB at 50,000 (docs/benchmarks.md, 2026-12-01). Until 2026-12-01 a
        // partition was compared whole, with a collection after each.

        /// <summary>Every form's header, on disk: read back for the findings of rows matched across units only.</summary>
        private readonly HeaderSpill _headers = new();
        /// <summary>Rows matched within their unit, on disk in ordinal order (4 bytes each in memory to find them),
        /// read back when the row's finding is made.</summary>
        private readonly LocalMatches _local = new();
        private readonly PartitionedSpill<PeerRow> _peers = new(Partitions, rule.SpillRows, PeerRow.Write, PeerRow.Read);
        private int _ordinal;

        public override int Count => _headers.Count;

        /// <summary>Always: every compared row is read back, partition by partition, while it is evaluated.</summary>
        public override bool EvaluatesLarge => true;

        public override void Add(IReadOnlyList<EvaluationForm> slice)
        {
            var entries = new List<Entry>();
            foreach (var form in slice)
            {
                var header = FormSummary.Header(form);
                var formIndex = _headers.Count;
                _headers.Add(header);
                var unit = UnitNames.Normalize(form.UnitName);
                foreach (var row in form.Indicators.Where(rule.IsCompared))
                {
                    var explained = new Explained(Indicators.Key(row), row.DisplayName,
                        ExplanationLexicon.Quote(row.Explanation, QuoteLength), Explanations.ChineseLength(row.Explanation),
                        Indicators.NormalizeText(row.Explanation), row.Line,
                        RowAssessment.Of(row) is { Outcome: RowOutcome.Missed, FullMarks: true });
                    var entry = new Entry(_ordinal++, formIndex, header, explained, unit, explained.Key);
                    entries.Add(entry);
                    _peers.Add(Partition(form.Year, entry.Key),
                        new PeerRow(entry.Ordinal, formIndex, form.Year, unit, form.UnitName, explained));
                }
            }

            foreach (var local in rule.MatchWithinUnits(entries).OrderBy(l => l.Ordinal))
            {
                _local.Add(local);
            }
        }

        public override IEnumerable<Finding> Evaluate(IEnumerable<Finding> findingsSoFar)
        {
            // Partitions side by side (each read whole, its groups one after another), one per core: the thread
            // pool adds threads to long-running loops, and each would hold a partition. A partition's matches become
            // findings as soon as it is done and are yielded (a large run's findings go to disk as they come,
            // SlicedAnalysis), so the matches of the run are never all in memory. The order partitions finish in
            // varies; it does not matter, as the analysis sorts findings and E4 finds at most one per row.
            var width = Environment.ProcessorCount;
            using var finished = new BlockingCollection<List<(PeerRow Row, CrossUnits Units)>>(boundedCapacity: width);
            using var stop = new CancellationTokenSource();
            var large = _peers.SpilledBytes > 0;
            if (large)
            {
                // What the slices and the rules evaluated before left in the oldest generation goes first: the
                // first parts would otherwise pile up on top of it until the first collection below.
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            var gate = new MemoryGate(Math.Max(rule.ConcurrentPartBytes, width * rule.MaxPartBytes));
            var producer = Task.Run(() =>
            {
                try
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = stop.Token };
                    var sinceCollected = 0L;
                    Parallel.For(0, Partitions, options, p =>
                    {
                        var pool = new StringPool();
                        foreach (var spilled in _peers.Parts(p, rule.MaxPartBytes, SubKey, r => PeerRow.Read(r, pool),
                                     part => gate.Enter(rule.OutOfMemory(part) ? OutOfMemoryBytes : part.Bytes,
                                         stop.Token)))
                        {
                            if (rule.OutOfMemory(spilled))
                            {
                                // Streamed twice (into the scratch file, then to pair the rows with their results);
                                // the matches go on in chunks, never all at once.
                                foreach (var chunk in rule.MatchOtherUnitsOutOfMemory(() => spilled.Stream(PeerRow.Read),
                                             stop.Token)
                                             .Chunk(OutOfMemoryChunk))
                                {
                                    finished.Add([.. chunk], stop.Token);
                                }

                                // What the part left behind (each row's texts as blobs, the join's arrays) goes before
                                // the next part, as after every CollectEveryRows rows compared in memory: it is at
                                // least that many rows.
                                if (large)
                                {
                                    Interlocked.Exchange(ref sinceCollected, 0);
                                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                                }

                                continue;
                            }

                            pool = new StringPool(); // the part's own texts: the pool goes with the part
                            var part = spilled.ReadAll();
                            var matches = rule.MatchOtherUnits(part);
                            var rows = part.Count;
                            // The part's rows go now, not when the next part replaces it: while the matches wait for
                            // room in the queue, at the collection below, and when the part let in after this one's
                            // lease ends, they should be gone.
                            part.Clear();
                            part.TrimExcess();
                            finished.Add(matches, stop.Token);
                            if (large && Interlocked.Add(ref sinceCollected, rows) >= rule.CollectEveryRows
                                && Interlocked.Exchange(ref sinceCollected, 0) >= rule.CollectEveryRows)
                            {
                                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                            }
                        }
                    });
                }
                finally
                {
                    finished.CompleteAdding();
                }
            });
            try
            {
                // One bit per row matched within its unit: whether it also matched across units.
                var crossed = new BitArray(_local.Count);
                foreach (var matches in finished.GetConsumingEnumerable())
                {
                    foreach (var (peer, units) in matches)
                    {
                        var index = _local.IndexOf(peer.Ordinal);
                        if (index >= 0)
                        {
                            crossed[index] = true;
                        }

                        var local = index >= 0 ? _local[index] : null;
                        yield return rule.Build(_headers[peer.FormIndex], local?.Row ?? peer.Row, local, units);
                    }
                }

                producer.GetAwaiter().GetResult(); // a failed partition fails the rule
                for (var index = 0; index < _local.Count; index++)
                {
                    if (!crossed[index])
                    {
                        var local = _local[index];
                        yield return rule.Build(_headers[local.FormIndex], local.Row, local, null);
                    }
                }
            }
            finally
            {
                if (!producer.IsCompleted)
                {
                    // Enumeration stopped early: no partition is started or handed over any more; the ones running
                    // end before the spill goes.
                    stop.Cancel();
                    try
                    {
                        producer.Wait();
                    }
                    catch (AggregateException)
                    {
                        // Cancelled: nothing is read any more.
                    }
                }

                Dispose();
            }
        }

        public void Dispose()
        {
            _peers.Dispose();
            _local.Dispose();
            _headers.Dispose();
        }

        private static int Partition(int year, string key) =>
            (int)(unchecked((uint)HashCode.Combine(year, StringComparer.Ordinal.GetHashCode(key))) % Partitions);

        /// <summary>Splits a large partition into parts, keeping each (year, indicator) group whole; a hash
        /// independent of <see cref="Partition"/> (which is the same for every row of the partition).</summary>
        private static int SubKey(PeerRow row) =>
            HashCode.Combine(row.Year, StringComparer.Ordinal.GetHashCode(row.Key), SubKeySeed);
    }

    /// <summary>Matches among rows of one form and among rows of one unit across years (all of a unit's forms are
    /// in <paramref name="entries"/>): the rows with a same-form match reaching MinIndicators or a previous-year
    /// match.</summary>
    private IEnumerable<Local> MatchWithinUnits(List<Entry> entries)
    {
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

        foreach (var (entry, m) in matches)
        {
            var sameFormIndicators = m.SameForm.Select(x => x.Other.Key).Append(entry.Key).Distinct().Count();
            var sameForm = sameFormIndicators >= _settings.MinIndicators;
            if (!sameForm && m.PreviousYear is null)
            {
                continue;
            }

            yield return new Local(entry.Ordinal, entry.FormIndex, entry.Row,
                sameForm ? m.SameForm.Select(x => x.Other.Row.Line).Distinct().Order().ToList() : null,
                sameFormIndicators, sameForm ? m.SameForm.Max(x => x.Similarity) : 0,
                m.PreviousYear is { } previous ? (previous.Form.Year, previous.Row.Line) : null, m.PreviousSimilarity);
        }
    }

    /// <summary>Rows of one partition (every row of each of its (year, indicator) groups, in run order) that match
    /// rows of other units in their group, with what they match.</summary>
    private List<(PeerRow Row, CrossUnits Units)> MatchOtherUnits(List<PeerRow> rows)
    {
        return rows.GroupBy(r => (r.Year, r.Key)).SelectMany(g => OtherUnits(g.ToList())).ToList();
    }
    /// <summary>Rows whose explanation is compared: not blank, at least the minimum Chinese length.</summary>
    private bool IsCompared(IndicatorRow row) =>
        !Explanations.IsBlank(row.Explanation) && Explanations.ChineseLength(row.Explanation) >= _settings.MinChineseLength;

    /// <summary>Runs <paramref name="compare"/> on every group in parallel; its results, in group order.</summary>
    private static IEnumerable<T> InOrder<TItem, T>(List<List<TItem>> groups, Func<List<TItem>, List<T>> compare)
    {
        var results = new List<T>[groups.Count];
        Parallel.For(0, groups.Count, g => results[g] = compare(groups[g]));
        return results.SelectMany(r => r);
    }

    /// <summary>Pairs of rows of one form, of different indicators, with similar explanations.</summary>
    private List<(Entry, Entry, double)> SameForm(List<Entry> rows)
    {
        var found = new List<(Entry, Entry, double)>();
        var trigrams = rows.Select(r => TrigramSets.Of(r.Row.Normalized)).ToList();
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

    /// <summary>Rows of one year and indicator whose explanation is the same as or similar to rows of other units,
    /// each with the other units it matches.</summary>
    private List<(PeerRow Row, CrossUnits Units)> OtherUnits(List<PeerRow> group)
    {
        // Identical texts are one bucket (thousands of units may file the same sentence: linking buckets, not
        // row pairs, keeps that linear); near-identical buckets are found by prefix filtering.
        var buckets = group.GroupBy(e => e.Row.Normalized, StringComparer.Ordinal)
            .Select(b => (Text: b.Key, List: b.ToList())).ToList();

        // Every row of a bucket is linked to the same buckets, so links are kept per bucket, not per row: a group of
        // many near-identical texts has many linked pairs, and a list per row made them cost pairs × rows.
        var linkedTo = new List<(List<PeerRow> Bucket, double Similarity)>?[buckets.Count];
        void Link(int bucket, List<PeerRow> other, double j) => (linkedTo[bucket] ??= []).Add((other, j));

        for (var b = 0; b < buckets.Count; b++)
        {
            if (buckets[b].List.Select(e => e.Unit).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                Link(b, buckets[b].List, 1.0);
            }
        }

        var lists = buckets.Select(b => b.List).ToList();
        foreach (var (i, k, j) in SimilarityJoin.Pairs(buckets.Count, b => TrigramSets.Of(buckets[b].Text), _settings.Similarity))
        {
            Link(i, lists[k], j);
            Link(k, lists[i], j);
        }

        var bucketUnits = new Dictionary<List<PeerRow>, BucketUnits>(ReferenceEqualityComparer.Instance);
        var found = new List<(PeerRow, CrossUnits)>();
        for (var b = 0; b < buckets.Count; b++)
        {
            if (linkedTo[b] is not { } linked)
            {
                continue;
            }

            foreach (var row in buckets[b].List)
            {
                if (Summarize(row.Unit, linked, bucketUnits) is { } units)
                {
                    found.Add((row, units));
                }
            }
        }

        return found;
    }

    /// <summary>The other units of the buckets a row is linked to; null when every bucket holds only its unit.</summary>
    /// <remarks>The units are counted once each (by unit key) and named in the order of their first row in the run;
    /// the line quoted is that of the first row of another unit in the most similar bucket (among equally similar
    /// ones, the bucket whose first row came first). <see cref="MatchOtherUnitsOutOfMemory"/> gives the same.</remarks>
    private static CrossUnits? Summarize(string unit, List<(List<PeerRow> Bucket, double Similarity)> buckets,
        Dictionary<List<PeerRow>, BucketUnits> bucketUnits)
    {
        // Distinct units per bucket are computed once per bucket, and a row only subtracts its own unit: a sentence
        // filed by thousands of units would otherwise cost the square of their number.
        var linked = buckets.Select(b => (Units: UnitsOf(b.Bucket, bucketUnits), b.Bucket, b.Similarity))
            .Where(x => x.Units.Names.Count > (x.Units.Keys.Contains(unit) ? 1 : 0))
            .ToList();
        if (linked.Count == 0)
        {
            return null;
        }

        int count;
        List<string> shown;
        if (linked.Count == 1)
        {
            var only = linked[0].Units;
            count = only.Names.Count - (only.Keys.Contains(unit) ? 1 : 0);
            shown = only.Names.Where((_, i) => only.KeyList[i] != unit).Take(5).ToList();
        }
        else
        {
            // Each other unit once, with the name of its first row across the buckets.
            var first = new Dictionary<string, (int Ordinal, string Name)>(StringComparer.Ordinal);
            foreach (var (units, _, _) in linked)
            {
                for (var i = 0; i < units.KeyList.Count; i++)
                {
                    var key = units.KeyList[i];
                    if (key != unit && (!first.TryGetValue(key, out var seen) || units.Ordinals[i] < seen.Ordinal))
                    {
                        first[key] = (units.Ordinals[i], units.Names[i]);
                    }
                }
            }

            count = first.Count;
            shown = first.Values.OrderBy(v => v.Ordinal).Take(5).Select(v => v.Name).ToList();
        }

        var top = linked[0];
        foreach (var x in linked.Skip(1))
        {
            if (x.Similarity > top.Similarity
                || (x.Similarity == top.Similarity && x.Bucket[0].Ordinal < top.Bucket[0].Ordinal))
            {
                top = x;
            }
        }

        var topLine = top.Units.Lines[top.Units.KeyList[0] != unit ? 0 : 1];
        return new CrossUnits(count, shown, topLine, top.Similarity);
    }

    private Finding Build(IFormHeader form, Explained row, Local? local, CrossUnits? cross)
    {
        var zh = new List<string>();
        var en = new List<string>();
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("threshold", _settings.Similarity), new("chineseLength", row.ChineseLength),
        };
        var best = 0.0;
        if (local?.SameFormLines is { } lines)
        {
            var lineList = string.Join('、', lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            var indicators = local.SameFormIndicators;
            zh.Add(Finding.Invariant($"与本表第 {lineList} 行雷同（共 {indicators} 个不同指标，阈值 {_settings.MinIndicators} 个）"));
            en.Add(Finding.Invariant($"matches lines {string.Join(", ", lines)} of this form ({indicators} distinct indicators, threshold {_settings.MinIndicators})"));
            evidence.Add(new("sameFormIndicators", indicators));
            evidence.Add(new("sameFormLine", lines[0]));
            best = Math.Max(best, local.SameFormBest);
        }

        if (local?.PreviousYear is { } prev)
        {
            zh.Add(Finding.Invariant($"与本单位 {prev.Year} 年同一指标（第 {prev.Line} 行）雷同"));
            en.Add(Finding.Invariant($"matches the same indicator of this unit in {prev.Year} (line {prev.Line})"));
            evidence.Add(new("previousYear", prev.Year));
            evidence.Add(new("previousYearLine", prev.Line));
            best = Math.Max(best, local.PreviousSimilarity);
        }

        if (cross is { } c)
        {
            zh.Add(Finding.Invariant($"与其他 {c.Count} 个单位同年同一指标雷同（{string.Join('、', c.Shown)}{(c.Count > 5 ? "等" : string.Empty)}）"));
            en.Add(Finding.Invariant($"matches the same indicator of {c.Count} other unit(s) in the same year ({string.Join(", ", c.Shown)}{(c.Count > 5 ? " …" : string.Empty)})"));
            evidence.Add(new("otherUnits", c.Count));
            evidence.Add(new("otherUnitLine", c.TopLine));
            best = Math.Max(best, c.TopSimilarity);
        }

        evidence.Add(new("similarity", best));
        var fullMarksMiss = row.FullMarksMiss;
        var quote = row.Quote;
        return Finding.ForIndicator(Rule, fullMarksMiss ? Severity.Medium : Severity.Low, form, row.Line,
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

    /// <summary>What E4 reads of a compared row: the explanation as its finding quotes it (the first
    /// <see cref="QuoteLength"/> characters) and its Chinese length, and <see cref="Normalized"/>, the explanation as
    /// compared (<see cref="Indicators.NormalizeText"/>, folded once per row). The whole explanation is not kept: a
    /// partition of the cross-unit comparison holds every compared row of its groups.</summary>
    private sealed record Explained(string Key, string DisplayName, string Quote, int ChineseLength, string Normalized,
        int Line, bool FullMarksMiss);

    /// <summary>One compared row of the slice at hand; a class, so rows are told apart by identity even when two
    /// forms are equal. <see cref="Ordinal"/> numbers the compared rows of the run in form and row order.</summary>
    private sealed class Entry(int ordinal, int formIndex, FormHeader form, Explained row, string unit, string key)
    {
        public int Ordinal { get; } = ordinal;

        public int FormIndex { get; } = formIndex;

        public FormHeader Form { get; } = form;

        public Explained Row { get; } = row;

        public string Unit { get; } = unit;

        public string Key { get; } = key;
    }

    /// <summary>
    /// The rows of a run matched within their unit, in ordinal order: each on disk (an <see cref="IndexedSpill{T}"/>)
    /// with its ordinal in memory to find it (4 bytes a row, a few percent of the compared rows), read back when the
    /// row's finding is made.
    /// </summary>
    private sealed class LocalMatches : IDisposable
    {
        private readonly ChunkedList<int> _ordinals = new();
        private readonly IndexedSpill<Local> _matches = new(Local.Write, Local.Read, "perfeval-e4-local");

        public int Count => _ordinals.Count;

        /// <summary>Match number <paramref name="index"/>, read from the file.</summary>
        public Local this[int index] => _matches[index];

        /// <summary>Adds a match; ordinals must increase.</summary>
        public void Add(Local local)
        {
            if (_ordinals.Count > 0 && local.Ordinal <= _ordinals[^1])
            {
                throw new InvalidOperationException(
                    $"E4's within-unit matches came out of order: row {local.Ordinal} after {_ordinals[^1]}");
            }

            _matches.Add(local);
            _ordinals.Add(local.Ordinal);
        }

        /// <summary>The index of the match of row <paramref name="ordinal"/>, or −1 when the row has none.</summary>
        public int IndexOf(int ordinal)
        {
            var (low, high) = (0, _ordinals.Count - 1);
            while (low <= high)
            {
                var mid = low + ((high - low) / 2);
                var c = _ordinals[mid].CompareTo(ordinal);
                if (c == 0)
                {
                    return mid;
                }

                (low, high) = c < 0 ? (mid + 1, high) : (low, mid - 1);
            }

            return -1;
        }

        public void Dispose()
        {
            _matches.Dispose();
            _ordinals.Clear();
        }
    }

    /// <summary>What one row matched (lists made on first use: most matched rows have one kind of match).</summary>
    private sealed class Matches
    {
        private List<(Entry Other, double Similarity)>? _sameForm;

        public IReadOnlyList<(Entry Other, double Similarity)> SameForm => _sameForm ?? [];

        public Entry? PreviousYear { get; set; }

        public double PreviousSimilarity { get; set; }

        public void AddSameForm(Entry other, double similarity) => (_sameForm ??= []).Add((other, similarity));
    }

    private static BucketUnits UnitsOf(List<PeerRow> bucket, Dictionary<List<PeerRow>, BucketUnits> cache)
    {
        if (!cache.TryGetValue(bucket, out var units))
        {
            var distinct = bucket.DistinctBy(e => e.Unit, StringComparer.Ordinal).ToList();
            units = new BucketUnits(distinct.Select(e => e.Unit).ToList(), distinct.Select(e => e.UnitName).ToList(),
                distinct.Select(e => e.Row.Line).ToList(), distinct.Select(e => e.Ordinal).ToList());
            cache[bucket] = units;
        }

        return units;
    }

    /// <summary>The distinct units of a bucket of identical explanations, in the order of their first row: key, and
    /// the name as filed, line and ordinal of that row.</summary>
    private sealed class BucketUnits(List<string> keys, List<string> names, List<int> lines, List<int> ordinals)
    {
        public List<int> Ordinals { get; } = ordinals;

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
            codes = TrigramSets.Of(entry.Row.Normalized);
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
