using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L3 自评分数集中于高分段、差异过小: a year's batch of one form kind scores almost uniformly high (most 总分 ≥ 95, or
/// a tiny spread), or one form's 总分 barely changes over three or more years.
/// </summary>
/// <remarks>
/// Self-evaluation that does not discriminate carries no information; Lu (2013) found "minimal variance" in Zhejiang's
/// evaluation scores, and MoF warns against 刻意抬高分数. To keep the list short a batch gets one finding, attached
/// to its highest-scoring form (the most extreme case, and the one a reviewer opens first); a flat series gets one,
/// on its latest form. Both on the same form make one finding.
/// </remarks>
public sealed class ScoreCompression(ScoreCompression.Settings settings) : IBatchRule, ISummarizingRule
{
    /// <param name="HighScore">总分 at or above which a form is "high" (RULES.md §3 L3: S ≥ 95).</param>
    /// <param name="MaxHighShare">Share of high forms above which the batch is compressed (L3: &gt; 0.7).</param>
    /// <param name="MinStdDev">Sample SD of 总分 below which the batch is compressed (L3: SD &lt; 3).</param>
    /// <param name="MinForms">Fewest forms with a 总分 in a batch ([D]: 10).</param>
    /// <param name="MinYears">Fewest years in a form's series for the series test (L3: ≥ 3 years).</param>
    /// <param name="MinSeriesStdDev">Sample SD of one series' 总分 below which it is flat (L3: SD &lt; 1).</param>
    public sealed record Settings(
        decimal HighScore = 95m,
        double MaxHighShare = 0.7,
        double MinStdDev = 3.0,
        int MinForms = 10,
        int MinYears = 3,
        double MinSeriesStdDev = 1.0);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("L3", "自评分数集中于高分段、差异过小", "Score compression", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads only the total scores of a year and kind, and of a series.</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>
    /// L3 judges each series (one unit's form across years) while its slice is at hand, and keeps the header of each
    /// form with a 总分 and its series result, in temporary files by year and kind; the batches are then judged one
    /// partition at a time and a form's series result joins its batch result, as <see cref="Evaluate"/> joins them.
    /// </remarks>
    public RunSummaries StartRun() => new BatchSummaries<Kept>(Summarize,
        k => BatchKey.YearAndKind(k.Form), Write, Read, JudgeKept, SpillSummaries);

    /// <summary>Summaries held in memory before they go to temporary files (tests set 1 to spill every one).</summary>
    internal int SpillSummaries { get; init; } = RunSummaries.SummariesInMemory;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    /// <summary>The whole list as a run judges it: each unit's series, then the batches.</summary>
    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms) =>
        JudgeKept(BatchPartition<Kept>.Of([.. Summarize(forms)]));

    /// <summary>The scored forms of a slice (or of the whole list), each with its flat-series result: a slice holds
    /// whole units, so every series is whole.</summary>
    private IEnumerable<Kept> Summarize(IReadOnlyList<EvaluationForm> slice)
    {
        var scored = slice.Where(f => f.TotalScore is not null).Select(FormSummary.Header).ToList();
        var flats = new Dictionary<IFormHeader, Flat>(ReferenceEqualityComparer.Instance);
        foreach (var series in FormSeries.BySeries(scored))
        {
            if (JudgeSeries(FormSeries.OnePerYear(series)) is { } flat)
            {
                flats[flat.Form] = flat;
            }
        }

        return scored.Select(f => new Kept(f, flats.GetValueOrDefault(f)));
    }

    /// <summary>
    /// Judges whole batches in three passes over their forms (count, extremes, sum and highest form per batch; the
    /// squared deviations from each batch's mean; the findings), then adds each form's flat-series result: a form
    /// that is both a batch's top and a flat series' latest gets one finding, the batch's reason first. What is held
    /// is a few numbers and one header per batch, not the forms. The sums run in the forms' order, as a list's would.
    /// </summary>
    private IEnumerable<Finding> JudgeKept(BatchPartition<Kept> partition)
    {
        var batches = new Dictionary<(int Year, FormKind Kind), BatchScores>();
        var position = 0L;
        foreach (var (form, _) in partition.Stream())
        {
            if (!batches.TryGetValue((form.Year, form.Kind), out var batch))
            {
                batch = new BatchScores();
                batches[(form.Year, form.Kind)] = batch;
            }

            batch.Add(form, position++, _settings.HighScore);
        }

        foreach (var (form, _) in partition.Stream())
        {
            var batch = batches[(form.Year, form.Kind)];
            if (batch.N >= _settings.MinForms)
            {
                var deviation = (double)form.TotalScore!.Value - (batch.Sum / batch.N);
                batch.SquaredDeviations += deviation * deviation;
            }
        }

        var tops = batches.Values.Where(IsCompressed).ToDictionary(b => b.TopPosition);
        position = 0;
        foreach (var (form, flat) in partition.Stream())
        {
            var top = tops.GetValueOrDefault(position++);
            if (top is null && flat is null)
            {
                continue;
            }

            var drafts = new FindingDrafts();
            if (top is not null)
            {
                AddBatchReason(form, top, drafts);
            }

            if (flat is not null)
            {
                drafts.Add(form, flat.Reason, flat.ReasonEn, flat.Evidence);
            }

            foreach (var finding in drafts.Findings(Rule, Severity.Low, f => f.TotalLine))
            {
                yield return finding;
            }
        }
    }

    /// <summary>What L3 sums up of a batch (one year and kind) of scored forms.</summary>
    private sealed class BatchScores
    {
        public int N { get; private set; }

        public int High { get; private set; }

        public double Sum { get; private set; }

        public double Min { get; private set; } = double.PositiveInfinity;

        public double Max { get; private set; } = double.NegativeInfinity;

        /// <summary>The highest-scoring form (ties in <see cref="FormSeries.HighestScore"/>'s order) and its place in
        /// the partition.</summary>
        public FormHeader? Top { get; private set; }

        public long TopPosition { get; private set; }

        public double SquaredDeviations { get; set; }

        /// <summary>Sample standard deviation (n − 1), as <see cref="BatchMath.SampleStdDev"/> gives it.</summary>
        public double StdDev => N < 2 ? 0 : Math.Sqrt(SquaredDeviations / (N - 1));

        public void Add(FormHeader form, long position, decimal highScore)
        {
            var score = (double)form.TotalScore!.Value;
            N++;
            High += form.TotalScore >= highScore ? 1 : 0;
            Sum += score;
            Min = Math.Min(Min, score);
            Max = Math.Max(Max, score);
            // The earlier of two forms tied in every key stays, as the first of a stable sort.
            if (Top is null || !ReferenceEquals(FormSeries.HighestScore([Top, form]), Top))
            {
                (Top, TopPosition) = (form, position);
            }
        }
    }

    private bool IsCompressed(BatchScores batch) => batch.N >= _settings.MinForms
        && ((double)batch.High / batch.N > _settings.MaxHighShare || batch.StdDev < _settings.MinStdDev);

    private void AddBatchReason(FormHeader top, BatchScores batch, FindingDrafts drafts)
    {
        var (year, kind, n, high) = (top.Year, top.Kind, batch.N, batch.High);
        var share = (double)high / n;
        var sd = batch.StdDev;
        var label = kind == FormKind.Project ? "项目支出" : "部门整体支出";
        drafts.Add(top,
            Finding.Invariant($"{year} 年{label}绩效自评表 {n} 份：总分 ≥ {_settings.HighScore} 的占 {share * 100:0.#}%（阈值 > {_settings.MaxHighShare * 100:0.#}%），总分标准差 {sd:0.##}（阈值 < {_settings.MinStdDev}），最低 {batch.Min:0.##}、最高 {batch.Max:0.##}：自评分数集中、区分度不足；本表总分 {top.TotalScore} 为该批最高"),
            Finding.Invariant($"{year} {kind} forms, n = {n}: {share * 100:0.#}% have a total score ≥ {_settings.HighScore} (threshold > {_settings.MaxHighShare * 100:0.#}%), SD {sd:0.##} (threshold < {_settings.MinStdDev}), range {batch.Min:0.##}–{batch.Max:0.##}; this form's {top.TotalScore} is the batch's highest"),
            [
                new("batchN", n), new("batchHighCount", high), new("batchHighShare", share),
                new("batchStdDev", sd), new("batchMin", batch.Min), new("batchMax", batch.Max),
                new("highScore", (double)_settings.HighScore), new("maxHighShare", _settings.MaxHighShare),
                new("minStdDev", _settings.MinStdDev), new("score", (double)top.TotalScore!.Value),
            ]);
    }

    private static void Write(BinaryWriter w, Kept k)
    {
        FormHeader.Write(w, k.Form);
        w.Write(k.Flat is not null);
        if (k.Flat is { } flat)
        {
            SpillFile.WriteText(w, flat.Reason);
            SpillFile.WriteText(w, flat.ReasonEn);
            w.Write(flat.Evidence.Length);
            foreach (var (key, value) in flat.Evidence)
            {
                SpillFile.WriteText(w, key);
                w.Write(value);
            }
        }
    }

    private static Kept Read(BinaryReader r, StringPool? pool)
    {
        var form = FormHeader.Read(r, pool);
        if (!r.ReadBoolean())
        {
            return new Kept(form, null);
        }

        var reason = SpillFile.ReadText(r);
        var reasonEn = SpillFile.ReadText(r);
        var evidence = new KeyValuePair<string, double>[r.ReadInt32()];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = new(SpillFile.ReadText(r), r.ReadDouble());
        }

        return new Kept(form, new Flat(form, reason, reasonEn, evidence));
    }

    /// <summary>A form with a 总分 as L3 keeps it, with the flat-series result when it is the latest of one.</summary>
    private sealed record Kept(FormHeader Form, Flat? Flat);

    /// <summary>A flat series' finding text and evidence, for its latest form.</summary>
    private sealed record Flat(IFormHeader Form, string Reason, string ReasonEn, KeyValuePair<string, double>[] Evidence);

    private Flat? JudgeSeries<T>(SortedDictionary<int, T> byYear) where T : IFormHeader
    {
        if (byYear.Count < _settings.MinYears)
        {
            return null;
        }

        var scores = byYear.Values.Select(f => (double)f.TotalScore!.Value).ToList();
        var sd = BatchMath.SampleStdDev(scores);
        if (sd >= _settings.MinSeriesStdDev)
        {
            return null;
        }

        var latest = byYear.Values.Last();
        var first = byYear.Keys.First();
        var list = string.Join("、", byYear.Values.Select(f => Finding.Invariant($"{f.Year}:{f.TotalScore}")));
        return new Flat(latest,
            Finding.Invariant($"{latest.UnitName}{(latest.ProjectName is null ? "" : "「" + latest.ProjectName + "」")} {first}–{latest.Year} 年共 {byYear.Count} 年总分（{list}）标准差仅 {sd:0.###}（阈值 < {_settings.MinSeriesStdDev}）：历年自评分几乎不变"),
            Finding.Invariant($"{latest.UnitName} {latest.ProjectName} total scores over {byYear.Count} years {first}–{latest.Year} ({list}) have SD {sd:0.###} (threshold < {_settings.MinSeriesStdDev})"),
            [
                new("seriesYears", byYear.Count), new("seriesFirstYear", first), new("seriesStdDev", sd),
                new("seriesMean", scores.Average()), new("minSeriesStdDev", _settings.MinSeriesStdDev),
                new("minYears", _settings.MinYears), new("score", (double)latest.TotalScore!.Value),
            ]);
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s.MaxHighShare, nameof(s.MaxHighShare));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(s.MaxHighShare, 1, nameof(s.MaxHighShare));
        ArgumentOutOfRangeException.ThrowIfNegative(s.MinStdDev, nameof(s.MinStdDev));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinForms, 2, nameof(s.MinForms));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinYears, 2, nameof(s.MinYears));
        ArgumentOutOfRangeException.ThrowIfNegative(s.MinSeriesStdDev, nameof(s.MinSeriesStdDev));
        return s;
    }
}
