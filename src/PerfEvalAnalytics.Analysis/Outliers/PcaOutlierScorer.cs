using System.Buffers.Binary;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Outliers;

/// <summary>One form's place in the ML1 review queue.</summary>
/// <param name="Form">The form.</param>
/// <param name="Score">√(Residual² + InPlane²), in robust-z units (larger = more anomalous).</param>
/// <param name="Rank">1 = the most anomalous form of the batch.</param>
/// <param name="Drivers">The features furthest from the batch (largest |robust z| first), by
/// <see cref="FeatureInfo.Key"/>.</param>
/// <param name="Residual">Distance off the principal subspace (reconstruction error): the trainer's Score × the distance
/// from the centre.</param>
/// <param name="InPlane">Distance within the principal subspace, each component in its own robust spread.</param>
/// <param name="PcaScore">The trainer's own Score column: the share (0–1) of the form's distance from the batch centre
/// that the principal components do not explain.</param>
/// <param name="Threshold">The batch's fence on <see cref="Score"/>.</param>
/// <param name="IsFlagged">True when <see cref="Score"/> exceeds <see cref="Threshold"/> (ML1 reports it).</param>
public sealed record OutlierScore(
    FormRef Form,
    double Score,
    int Rank,
    IReadOnlyList<(string Feature, double Z)> Drivers,
    double Residual,
    double InPlane,
    double PcaScore,
    double Threshold,
    bool IsFlagged);

/// <summary>
/// ML1 同批异常表单（PCA）: ranks the forms of a batch by how far their feature vector (<see cref="FormFeatures"/>) lies
/// from the batch, as seen by a principal-component model of it (ML.NET RandomizedPca), and reports the forms above a robust fence as
/// a Low review prompt naming the features that drive the score.
/// </summary>
/// <remarks>
/// Features are standardised robustly (median/MAD per feature, never below the feature's resolution). PCA is fitted
/// on the batch's core (forms whose RMS robust z is inside a median + k·MAD fence) so that a gross outlier cannot pull
/// a principal component onto itself, then every form is scored. The trainer's Score is a normalised error (the share
/// of the distance from the centre left unexplained, 0–1): on its own it ranks a form next to the centre as high as
/// one far away, and misses a form extreme along a direction the batch varies in. So the score is
/// √(residual² + inPlane²): the reconstruction error (Score × distance) plus the distance within the principal
/// subspace, each component in its own robust spread. See docs/rules/ML1.md.
/// </remarks>
public sealed class PcaOutlierScorer(PcaOutlierScorer.Settings settings) : IFindingsRule, ISummarizingRule
{
    private const string FeaturesColumn = "Features";

    /// <summary>Values per form in the flat arrays of a batch.</summary>
    private const int Width = FormFeatures.Count;

    private readonly Settings _settings = Validate(settings);

    /// <summary>Forms whose packed features a run holds in memory before they go to a temporary file (tests set it
    /// low to exercise the file).</summary>
    internal int SpillRecords { get; init; } = 4_096;

    /// <param name="Rank">Principal components kept (number of components of the "normal" subspace); 3 of 9
    /// features [D].</param>
    /// <param name="Oversampling">Extra random projections of the randomized SVD; 20 is ML.NET's default.</param>
    /// <param name="Seed">Seed of <c>MLContext</c> and of the trainer: the same batch always gives the same scores
    /// (house style §7.4).</param>
    /// <param name="MinForms">Fewer forms than this: no scores, no findings; PCA on a handful of forms describes noise
    /// [D].</param>
    /// <param name="FenceK">Flag when score &gt; median + k × MAD·1.4826 of the batch's scores; 3.5 is the modified
    /// z-score cut-off of Iglewicz &amp; Hoaglin (1993). A fence, unlike a quantile, flags nothing in a batch where
    /// nothing stands out.</param>
    /// <param name="MinScore">The threshold is never below this: a form whose unexplained part is smaller than a
    /// 3-SD deviation on one feature is not worth a reviewer's time, however tight the batch (a rare but ordinary
    /// feature value, such as one High finding in a batch where most forms have none, stays below it) [D].</param>
    /// <param name="TrainingFenceK">Forms whose RMS robust z exceeds median + k × MAD·1.4826 of the batch's RMS
    /// values are scored but left out of the PCA fit (same 3.5 cut-off).</param>
    /// <param name="CompletionCap">Cap on each row's q before the median (RULES.md §6 treats q ≥ 1.3 as
    /// over-achievement; 3 keeps a 10× outlier from dominating) [D].</param>
    /// <param name="TopDrivers">How many features (largest |robust z|) a finding names.</param>
    /// <param name="FitForms">A batch of more forms than this is fitted on a uniform sample of this many (seeded
    /// with <see cref="Seed"/>): the medians, spreads, components and fence are estimated on the sample, and every
    /// form is scored against them. Bounds ML1's memory whatever the batch's size; at 100,000 forms the sample's
    /// medians are within about 0.4% of a standard deviation of the batch's [D].</param>
    public sealed record Settings(
        int Rank = 3,
        int Oversampling = 20,
        int Seed = 0,
        int MinForms = 20,
        double FenceK = 3.5,
        double MinScore = 3,
        double TrainingFenceK = 3.5,
        double CompletionCap = 3,
        int TopDrivers = 3,
        int FitForms = 100_000);

    public static RuleInfo Rule { get; } = new("ML1", "同批异常表单（PCA）", "Batch outlier form (PCA)", "ML");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    /// <inheritdoc />
    /// <remarks>ML1 keeps each form's header on disk, and its features (on disk beyond one buffer) but the finding
    /// counts, which are added at the end.</remarks>
    public RunSummaries StartRun() => new Run(this);

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings)
    {
        return Judge(forms.Select(FormSummary.Header).ToList(), forms.Select(Summarize), findings);
    }

    /// <summary>What ML1 reads of a form before the other rules' findings: its features, packed.</summary>
    private Packed Summarize(EvaluationForm form) => Packed.Of(FormFeatures.Of(form, [], _settings.CompletionCap));

    /// <summary>Scores the forms of <paramref name="headers"/>, whose features <paramref name="features"/> gives in
    /// the same order (read once): a list for <see cref="Evaluate"/>, a <see cref="HeaderSpill"/> for a run.</summary>
    /// <remarks>Up to <see cref="Settings.FitForms"/> forms, every form is a row of one table in memory, fitted and
    /// scored there. Beyond it, the model (medians, spreads, components, fence) is fitted on a uniform sample of that
    /// many forms, and every form is scored from a temporary file (<see cref="RecordSpill"/>): memory holds the sample
    /// and the reported forms, not a row per form.</remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859",
        Justification = "Run passes a HeaderSpill; the analyzer sees only the call with a List.")]
    private List<Finding> Judge(IReadOnlyList<FormHeader> headers, IEnumerable<Packed> features,
        IEnumerable<Finding> findings)
    {
        var n = headers.Count;
        if (n < _settings.MinForms)
        {
            return [];
        }

        var counts = FormFeatures.CountFindings(findings);
        var sampled = n > _settings.FitForms;
        var table = new FeatureTable(sampled ? _settings.FitForms : n);
        using var rows = sampled ? new RecordSpill(Row.Bytes, SpillRecords) : null;
        var sample = new SelectionSample(n, table.Count, _settings.Seed);
        Span<double> values = stackalloc double[Width];
        var i = 0;
        var taken = 0;
        foreach (var packed in features)
        {
            var (high, medium) = counts.Of(FormRef.Of(headers[i]));
            var missing = packed.Fill(values, high, medium);
            if (sample.Takes(i))
            {
                table.SetRow(taken++, values, missing);
            }

            if (rows is not null)
            {
                Row.Write(rows.Append(), values, missing);
            }

            i++;
        }

        if (i != n || taken != table.Count)
        {
            throw new InvalidOperationException($"ML1 read the features of {i} forms, expected {n}");
        }

        var model = Fit(table);
        var flagged = rows is null
            ? Enumerable.Range(0, model.Count).Where(model.IsFlagged).Select(model.ScoreOf).ToList()
            : Flag(model, rows);
        var order = RankOrder(flagged.Select(s => s.Total).ToArray(), k => FormRef.Of(headers[flagged[k].Index]));
        var result = new List<Finding>(order.Length);
        for (var r = 0; r < order.Length; r++)
        {
            var s = flagged[order[r]];
            var header = headers[s.Index];
            result.Add(ToFinding(header, model, n, s, ScoreOf(s, r + 1, FormRef.Of(header), model.Threshold)));
        }

        return result;
    }
    /// <summary>One run of ML1 over slices: the headers in a <see cref="HeaderSpill"/>, the packed features in a
    /// <see cref="RecordSpill"/>.</summary>
    /// <remarks>Evaluating the run releases its files; a run dropped unevaluated lets go of them when disposed (the
    /// sliced analysis disposes every run) or collected.</remarks>
    private sealed class Run(PcaOutlierScorer scorer) : RunSummaries, IDisposable
    {
        private readonly HeaderSpill _headers = new();
        private readonly RecordSpill _features = new(Packed.Bytes, scorer.SpillRecords);

        public override int Count => _headers.Count;

        public override void Add(IReadOnlyList<EvaluationForm> slice)
        {
            foreach (var form in slice)
            {
                var packed = scorer.Summarize(form);
                _headers.Add(FormSummary.Header(form));
                packed.Write(_features.Append());
            }
        }

        public override IEnumerable<Finding> Evaluate(IEnumerable<Finding> findingsSoFar)
        {
            try
            {
                return scorer.Judge(_headers, Read(_features), findingsSoFar);
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            _features.Dispose();
            _headers.Dispose();
        }

        private static IEnumerable<Packed> Read(RecordSpill spill)
        {
            foreach (var (buffer, bytes) in spill.Chunks())
            {
                for (var i = 0; i < bytes; i += Packed.Bytes)
                {
                    yield return Packed.Read(buffer.AsSpan(i, Packed.Bytes));
                }
            }
        }
    }

    /// <summary>
    /// Every form of the batch with its score, rank (1 = most anomalous) and drivers, most anomalous first: the
    /// dashboard's review queue. Empty when the batch has fewer than <see cref="Settings.MinForms"/> forms.
    /// </summary>
    /// <remarks>The forms are in memory already, so every form is in the fit, whatever <see cref="Settings.FitForms"/>
    /// says.</remarks>
    public IReadOnlyList<OutlierScore> Rank(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings)
    {
        var features = FormFeatures.Of(forms, findings, _settings.CompletionCap);
        if (features.Count < _settings.MinForms)
        {
            return [];
        }

        var table = new FeatureTable(features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            table.Set(i, features[i].Values());
        }

        var model = Fit(table);
        var scored = Enumerable.Range(0, model.Count).Select(model.ScoreOf).ToList();
        var order = RankOrder(scored.Select(s => s.Total).ToArray(), i => features[i].Form);
        return order.Select((i, r) => ScoreOf(scored[i], r + 1, features[i].Form, model.Threshold)).ToList();
    }

    /// <summary>One form's place in the queue, with the features furthest from the batch.</summary>
    private OutlierScore ScoreOf(Scored s, int rank, FormRef form, double threshold)
    {
        var drivers = Enumerable.Range(0, Width)
            .Where(j => s.Z[j] != 0)
            .OrderByDescending(j => Math.Abs(s.Z[j]))
            .ThenBy(j => j)
            .Take(_settings.TopDrivers)
            .Select(j => (FormFeatures.Features[j].Key, s.Z[j]))
            .ToList();
        return new OutlierScore(form, s.Total, rank, drivers, s.Residual, s.InPlane, s.PcaScore, threshold,
            s.Total > threshold);
    }

    /// <summary>
    /// Fits the model on the forms of <paramref name="table"/> (every form of the batch, or a sample of it) and scores
    /// them: imputation and standardisation in place and per feature, the core, the PCA, the components' spreads over
    /// the core, and the fence on the table's scores.
    /// </summary>
    private Model Fit(FeatureTable table)
    {
        var n = table.Count;
        var imputeWith = Impute(table);
        var raw = table.Values;
        var (z, centre, scale) = Standardise(raw, n);

        // Fit on the core: a form far out on every axis would otherwise become a principal component of its own.
        var rms = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = 0d;
            for (var j = 0; j < Width; j++)
            {
                sum += z[(i * Width) + j] * z[(i * Width) + j];
            }

            rms[i] = Math.Sqrt(sum / Width);
        }

        var rmsMedian = RobustStats.Median(rms);
        var rmsFence = rmsMedian + (_settings.TrainingFenceK * RobustStats.ScaledMad(rms, rmsMedian));
        var core = Enumerable.Range(0, n).Where(i => rms[i] <= rmsFence).ToList();
        if (core.Count <= _settings.Rank + 1)
        {
            core = [.. Enumerable.Range(0, n)];
        }

        var pca = FitPca(z, core);
        var pcaScores = pca.Scores(Enumerable.Range(0, n).Select(i => Floats(z.AsSpan(i * Width, Width))), n).ToArray();
        var spreads = pca.Components.Select(c =>
        {
            var coreValues = core.Select(i => Project(z.AsSpan(i * Width, Width), pca.Mean, c)).ToArray();
            var middle = RobustStats.Median(coreValues);
            return (Centre: middle, Spread: Math.Max(RobustStats.RawScaledMad(coreValues, middle), 1));
        }).ToArray();
        var model = new Model(imputeWith, centre, scale, pca, spreads, raw, z, pcaScores, core.Count);
        var totals = model.ScoreTable();

        var median = RobustStats.Median(totals);
        var mad = RobustStats.ScaledMad(totals, median);
        model.SetFence(median, mad, Math.Max(median + (_settings.FenceK * mad), _settings.MinScore));
        return model;
    }

    /// <summary>Scores every form of a sampled batch from <paramref name="rows"/> against the model fitted on the
    /// sample, and returns the forms above its fence, in the order given.</summary>
    /// <remarks>ML.NET reads the forms' z vectors in one pass over the file while ML1 reads it again beside it for
    /// the rest of each score; nothing per form is kept but the reported forms.</remarks>
    private static List<Scored> Flag(Model model, RecordSpill rows)
    {
        IEnumerable<float[]> Vectors()
        {
            var values = new double[Width];
            var raw = new double[Width];
            var z = new double[Width];
            foreach (var missing in Row.ReadAll(rows, values))
            {
                model.Standardise(values, missing, raw, z);
                yield return Floats(z);
            }
        }

        var flagged = new List<Scored>();
        var count = checked((int)rows.Count);
        using var scores = model.Pca.Scores(Vectors(), count).GetEnumerator();
        var values = new double[Width];
        var raw = new double[Width];
        var z = new double[Width];
        var index = 0;
        foreach (var missing in Row.ReadAll(rows, values))
        {
            if (!scores.MoveNext())
            {
                throw new InvalidOperationException($"ML1's PCA scored {index} forms, expected {count}");
            }

            model.Standardise(values, missing, raw, z);
            var pcaScore = scores.Current;
            var total = model.Total(z, pcaScore, out var residual, out var inPlane);
            if (total > model.Threshold)
            {
                flagged.Add(new Scored(index, total, residual, inPlane, pcaScore, [.. raw], [.. z]));
            }

            index++;
        }

        return flagged;
    }

    /// <summary>A z vector as ML.NET reads it.</summary>
    private static float[] Floats(ReadOnlySpan<double> z)
    {
        var features = new float[Width];
        for (var j = 0; j < Width; j++)
        {
            features[j] = (float)z[j];
        }

        return features;
    }

    /// <summary>The projection of a z vector, centred on <paramref name="mean"/>, on one component.</summary>
    private static double Project(ReadOnlySpan<double> z, double[] mean, double[] component)
    {
        var sum = 0d;
        for (var j = 0; j < Width; j++)
        {
            sum += (z[j] - mean[j]) * component[j];
        }

        return sum;
    }

    /// <summary>The forms by score, highest first; ties in a fixed order (unit, year, kind, project, file, then the
    /// order given) so the queue is stable. The identities are read only for forms whose scores tie.</summary>
    private static int[] RankOrder(double[] totals, Func<int, FormRef> formOf)
    {
        var order = Enumerable.Range(0, totals.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = totals[b].CompareTo(totals[a]);
            return byScore != 0 ? byScore : a.CompareTo(b); // equal scores keep the order given (a stable sort)
        });
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && totals[order[end]].CompareTo(totals[order[start]]) == 0)
            {
                end++;
            }

            if (end - start > 1)
            {
                var tied = order[start..end]
                    .Select(i => (Index: i, Form: formOf(i)))
                    .OrderBy(x => x.Form.UnitKey, StringComparer.Ordinal) // keys are computed once per form
                    .ThenBy(x => x.Form.Year)
                    .ThenBy(x => x.Form.Kind)
                    .ThenBy(x => x.Form.Project ?? string.Empty, StringComparer.Ordinal)
                    .ThenBy(x => x.Form.FileName, StringComparer.Ordinal)
                    .Select(x => x.Index)
                    .ToArray();
                tied.CopyTo(order, start);
            }

            start = end;
        }

        return order;
    }

    /// <summary>Missing values take the median of the feature over the table's forms that have it (0 when none
    /// has it), in place. Returns those medians, one per feature, for forms scored outside the table.</summary>
    private static double[] Impute(FeatureTable table)
    {
        var values = table.Values;
        var medians = new double[Width];
        for (var j = 0; j < Width; j++)
        {
            var bit = 1 << j;
            var column = new List<double>();
            for (var i = 0; i < table.Count; i++)
            {
                if ((table.Missing[i] & bit) == 0)
                {
                    column.Add(values[(i * Width) + j]);
                }
            }

            var median = medians[j] = RobustStats.Median(column);
            if (column.Count == table.Count)
            {
                continue;
            }

            for (var i = 0; i < table.Count; i++)
            {
                if ((table.Missing[i] & bit) != 0)
                {
                    values[(i * Width) + j] = median;
                }
            }
        }

        return medians;
    }

    /// <summary>Robust z per feature: (x − median) / max(MAD·1.4826, the feature's resolution). Returns the z
    /// vectors with each feature's median and scale.</summary>
    private static (double[] Z, double[] Centre, double[] Scale) Standardise(double[] raw, int n)
    {
        var z = new double[raw.Length];
        var centre = new double[Width];
        var scale = new double[Width];
        var column = new double[n];
        for (var j = 0; j < Width; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = raw[(i * Width) + j];
            }

            var median = centre[j] = RobustStats.Median(column);
            var s = scale[j] = Math.Max(RobustStats.RawScaledMad(column, median), FormFeatures.Features[j].MinScale);
            for (var i = 0; i < n; i++)
            {
                z[(i * Width) + j] = (raw[(i * Width) + j] - median) / s;
            }
        }

        return (z, centre, scale);
    }

    /// <summary>
    /// Trains RandomizedPca on the core rows: the model's mean vector and principal components. The rank is lowered
    /// to what the core can carry (varying features, rows − 1); when ML.NET still finds the data degenerate (NaN
    /// eigenvectors, e.g. two features moving in lockstep) it is lowered again; at rank 0 nothing is explained (Score
    /// 1) and the distance from the core's mean is all residual.
    /// </summary>
    private PcaModel FitPca(double[] z, List<int> core)
    {
        var first = core[0] * Width;
        var varying = Enumerable.Range(0, Width)
            .Count(j => core.Any(i => z[(i * Width) + j] != z[first + j]));
        for (var rank = Math.Min(_settings.Rank, Math.Min(varying, core.Count - 1)); rank > 0; rank--)
        {
            try
            {
                return TrainPca(z, core, rank);
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "eigenVectors")
            {
                // Rank-deficient core: retry with one component fewer.
            }
        }

        var mean = Enumerable.Range(0, Width).Select(j => core.Average(i => z[(i * Width) + j])).ToArray();
        return new PcaModel(null, null, mean, []);
    }

    /// <remarks>The trainer reads its rows as they are made from <paramref name="z"/> (it may pass over them several
    /// times, always the same values): no row object per form is kept.</remarks>
    private PcaModel TrainPca(double[] z, List<int> core, int rank)
    {
        var ml = new MLContext(seed: _settings.Seed);
        var training = ml.Data.LoadFromEnumerable(core.Select(i => new PcaInput
        {
            Features = Floats(z.AsSpan(i * Width, Width)),
        }));
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(FeaturesColumn, null, rank,
            _settings.Oversampling, ensureZeroMean: true, seed: _settings.Seed);
        var model = trainer.Fit(training);
        var mean = default(VBuffer<float>);
        model.Model.GetMean(ref mean);
        VBuffer<float>[] vectors = [];
        model.Model.GetEigenVectors(ref vectors, out var kept);
        var components = vectors.Take(kept).Select(v => v.DenseValues().Select(x => (double)x).ToArray()).ToArray();
        var dense = mean.DenseValues().Select(x => (double)x).ToArray();
        return new PcaModel(ml, model, dense.Length == Width ? dense : new double[Width], components);
    }

    private Finding ToFinding(IFormHeader form, Model model, int n, Scored s, OutlierScore r)
    {
        var zh = string.Join("；", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).Name} {Num(s.RawOf(d.Feature))}（z={Signed(d.Z)}）"));
        var en = string.Join("; ", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).NameEn} {Num(s.RawOf(d.Feature))} (z={Signed(d.Z)})"));
        var sampled = model.Count < n;
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("score", r.Score), new("threshold", r.Threshold), new("rank", r.Rank), new("n", n),
            new("median", model.Median), new("mad", model.Mad), new("k", _settings.FenceK),
            new("minScore", _settings.MinScore),
            new("pcaScore", r.PcaScore), new("residual", r.Residual), new("inPlane", r.InPlane),
            new("trainedOn", model.TrainedOn), new("components", model.Pca.Components.Length),
        };
        if (sampled)
        {
            evidence.Add(new("sample", model.Count));
        }

        foreach (var (feature, value) in r.Drivers)
        {
            evidence.Add(new("z:" + feature, value));
            evidence.Add(new("x:" + feature, s.RawOf(feature)));
        }

        var sampleZh = sampled ? $"；中位数、稳健标准差与主成分按同批随机抽取的 {model.Count} 张表估计" : string.Empty;
        var sampleEn = sampled ? $"; median, robust SD and components estimated on a random sample of {model.Count} of the batch's forms" : string.Empty;
        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"本表在同批 {n} 张表中的 PCA 异常评分为 {r.Score:0.###}（主成分方向偏离 {r.InPlane:0.###}，主成分外残差 {r.Residual:0.###}），高于阈值 {r.Threshold:0.###}（中位数 {model.Median:0.###} + {_settings.FenceK}×稳健标准差 {model.Mad:0.###}，且不低于 {_settings.MinScore}；稳健标准差 = {RobustStats.MadToSd}×MAD{sampleZh}），排第 {r.Rank} 位；偏离最大的特征：{zh}。仅提示优先复核，不单独构成问题",
            $"PCA outlier score {r.Score:0.###} (along the principal components {r.InPlane:0.###}, residual off them {r.Residual:0.###}) exceeds the threshold {r.Threshold:0.###} (median {model.Median:0.###} + {_settings.FenceK} x robust SD {model.Mad:0.###}, at least {_settings.MinScore}; robust SD = {RobustStats.MadToSd} x MAD{sampleEn}) among {n} forms, rank {r.Rank}; largest deviations: {en}. A review prompt, not a finding on its own",
            evidence);
    }
    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.0;-0.0;0", CultureInfo.InvariantCulture);

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(s.Rank, 1, nameof(Settings.Rank));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(s.Rank, FormFeatures.Count, nameof(Settings.Rank));
        ArgumentOutOfRangeException.ThrowIfNegative(s.Oversampling, nameof(Settings.Oversampling));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinForms, s.Rank + 2, nameof(Settings.MinForms));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.FenceK, nameof(Settings.FenceK));
        ArgumentOutOfRangeException.ThrowIfNegative(s.MinScore, nameof(Settings.MinScore));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.TrainingFenceK, nameof(Settings.TrainingFenceK));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.CompletionCap, 1, nameof(Settings.CompletionCap));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.TopDrivers, 1, nameof(Settings.TopDrivers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(s.TopDrivers, FormFeatures.Count, nameof(Settings.TopDrivers));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.FitForms, s.MinForms, nameof(Settings.FitForms));
        return s;
    }

    /// <summary>The fitted PCA: the trainer's model (null at rank 0), the core's mean and the components kept.</summary>
    private sealed record PcaModel(MLContext? Ml, AnomalyPredictionTransformer<PcaModelParameters>? Transformer,
        double[] Mean, double[][] Components)
    {
        /// <summary>The trainer's Score for each of <paramref name="count"/> z vectors, in order (1 at rank 0: nothing
        /// is explained), read lazily as the vectors are.</summary>
        public IEnumerable<double> Scores(IEnumerable<float[]> vectors, int count)
        {
            if (Transformer is null)
            {
                return Enumerable.Repeat(1d, count);
            }

            var output = Transformer.Transform(Ml!.Data.LoadFromEnumerable(vectors.Select(v => new PcaInput { Features = v })));
            return Ml.Data.CreateEnumerable<PcaOutput>(output, reuseRowObject: true)
                .Select(o => float.IsNaN(o.Score) ? 0d : o.Score);
        }
    }

    /// <summary>One form's score with its parts and its features (imputed values and robust z).</summary>
    private sealed record Scored(int Index, double Total, double Residual, double InPlane, double PcaScore,
        double[] Raw, double[] Z)
    {
        /// <summary>The form's imputed value of the feature called <paramref name="key"/>.</summary>
        public double RawOf(string key) => Raw[FormFeatures.Features.ToList().FindIndex(f => f.Key == key)];
    }

    /// <summary>
    /// What ML1 fitted on a table of forms (the batch, or a sample of it): the values that impute each feature, the
    /// robust standardisation, the PCA and its components' spreads over the core, the fence; and the table's own
    /// imputed values, z vectors and trainer scores, indexed by row.
    /// </summary>
    private sealed class Model(double[] imputeWith, double[] centre, double[] scale, PcaModel pca,
        (double Centre, double Spread)[] spreads, double[] raw, double[] z, double[] pcaScores, int trainedOn)
    {
        public PcaModel Pca => pca;

        /// <summary>Forms in the table.</summary>
        public int Count => pcaScores.Length;

        public int TrainedOn => trainedOn;

        public double Median { get; private set; }

        public double Mad { get; private set; }

        public double Threshold { get; private set; }

        public void SetFence(double median, double mad, double threshold)
        {
            Median = median;
            Mad = mad;
            Threshold = threshold;
        }

        /// <summary>A form's imputed values and z vector from its features as read (<paramref name="missing"/>: one
        /// bit per feature the form has no value for).</summary>
        public void Standardise(ReadOnlySpan<double> values, ushort missing, Span<double> imputed, Span<double> into)
        {
            for (var j = 0; j < Width; j++)
            {
                imputed[j] = (missing & (1 << j)) != 0 ? imputeWith[j] : values[j];
                into[j] = (imputed[j] - centre[j]) / scale[j];
            }
        }

        /// <summary>
        /// The two parts of a form's score, both in robust-z units: the residual off the principal subspace (the
        /// trainer's Score times the distance from the centre) and the distance within it, each component counted in
        /// its own robust spread over the core (never less than 1). Returns the root of their squares' sum.
        /// </summary>
        public double Total(ReadOnlySpan<double> form, double pcaScore, out double residual, out double inPlane)
        {
            var squares = 0d;
            for (var j = 0; j < Width; j++)
            {
                squares += (form[j] - pca.Mean[j]) * (form[j] - pca.Mean[j]);
            }

            var distance = Math.Sqrt(squares);
            // The trainer's Score is the unexplained share of the distance (NaN at the centre itself: 0/0).
            residual = distance == 0 || double.IsNaN(pcaScore) ? 0 : pcaScore * distance;
            var plane = 0d;
            for (var k = 0; k < pca.Components.Length; k++)
            {
                var u = (Project(form, pca.Mean, pca.Components[k]) - spreads[k].Centre) / spreads[k].Spread;
                plane += u * u;
            }

            inPlane = Math.Sqrt(plane);
            return Math.Sqrt((residual * residual) + (inPlane * inPlane));
        }

        private double[] _totals = [];
        private double[] _residuals = [];
        private double[] _inPlane = [];

        /// <summary>Scores every form of the table (once, kept by row); returns the scores.</summary>
        public double[] ScoreTable()
        {
            _totals = new double[Count];
            _residuals = new double[Count];
            _inPlane = new double[Count];
            for (var i = 0; i < Count; i++)
            {
                _totals[i] = Total(z.AsSpan(i * Width, Width), pcaScores[i], out _residuals[i], out _inPlane[i]);
            }

            return _totals;
        }

        /// <summary>True when row <paramref name="i"/> of the table scores above the fence.</summary>
        public bool IsFlagged(int i) => _totals[i] > Threshold;

        /// <summary>Row <paramref name="i"/> of the table with its score and features.</summary>
        public Scored ScoreOf(int i) => new(i, _totals[i], _residuals[i], _inPlane[i], pcaScores[i],
            raw[(i * Width)..((i + 1) * Width)], z[(i * Width)..((i + 1) * Width)]);
    }

    /// <summary>
    /// Knuth's selection sampling (TAOCP vol. 2, 3.4.2, Algorithm S): asked about each of <c>n</c> forms in order,
    /// takes exactly <c>k</c> of them, every set of <c>k</c> equally likely, with a seeded generator (the same batch
    /// gives the same sample) and nothing kept per form.
    /// </summary>
    private sealed class SelectionSample(int n, int k, int seed)
    {
        private readonly Random? _random = k < n ? new Random(seed) : null;
        private int _wanted = k;

        /// <summary>Whether form number <paramref name="index"/> (asked in order 0, 1, …) is in the sample.</summary>
        public bool Takes(int index)
        {
            if (_random is null)
            {
                return true;
            }

            if (_wanted > 0 && _random.NextDouble() * (n - index) < _wanted)
            {
                _wanted--;
                return true;
            }

            return false;
        }
    }

    /// <summary>A form's row as a sampled batch keeps it on disk: the missing bits and the nine feature values.</summary>
    private static class Row
    {
        public const int Bytes = 2 + (Width * 8);

        public static void Write(Span<byte> into, ReadOnlySpan<double> values, ushort missing)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(into, missing);
            for (var j = 0; j < Width; j++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(into[(2 + (j * 8))..], values[j]);
            }
        }

        /// <summary>The rows in order: each fills <paramref name="values"/> and yields its missing bits.</summary>
        public static IEnumerable<ushort> ReadAll(RecordSpill rows, double[] values)
        {
            foreach (var (buffer, bytes) in rows.Chunks())
            {
                for (var at = 0; at < bytes; at += Bytes)
                {
                    yield return Read(buffer.AsSpan(at, Bytes), values);
                }
            }
        }

        private static ushort Read(ReadOnlySpan<byte> from, double[] values)
        {
            for (var j = 0; j < Width; j++)
            {
                values[j] = BinaryPrimitives.ReadDoubleLittleEndian(from[(2 + (j * 8))..]);
            }

            return BinaryPrimitives.ReadUInt16LittleEndian(from);
        }
    }
    /// <summary>The features that do not depend on findings, without objects: which are missing, and the values.</summary>
    private readonly record struct Packed(byte Missing, double ExecutionRate, double ExactHitShare,
        double QualitativeShare, double ExplanationCoverage, double ScoreRatio, double FullMarksShare,
        double MedianCompletion)
    {
        /// <summary>Bytes of a packed record: the missing bits and seven doubles.</summary>
        public const int Bytes = 1 + (7 * 8);

        public static Packed Of(FormFeatures f) => new(
            (byte)((f.ExecutionRate is null ? 1 : 0) | (f.ExactHitShare is null ? 2 : 0)
                | (f.QualitativeShare is null ? 4 : 0) | (f.ScoreRatio is null ? 8 : 0)
                | (f.FullMarksShare is null ? 16 : 0) | (f.MedianCompletion is null ? 32 : 0)),
            f.ExecutionRate ?? 0, f.ExactHitShare ?? 0, f.QualitativeShare ?? 0, f.ExplanationCoverage,
            f.ScoreRatio ?? 0, f.FullMarksShare ?? 0, f.MedianCompletion ?? 0);

        /// <summary>The features, with the finding counts, in the order of <see cref="FormFeatures.Values"/>, into
        /// <paramref name="values"/>; returns a bit per feature (1 &lt;&lt; index) the form has no value for, whose
        /// value is 0.</summary>
        public ushort Fill(Span<double> values, int highFindings, int mediumFindings)
        {
            values[0] = ExecutionRate;
            values[1] = ExactHitShare;
            values[2] = QualitativeShare;
            values[3] = ExplanationCoverage;
            values[4] = ScoreRatio;
            values[5] = FullMarksShare;
            values[6] = MedianCompletion;
            values[7] = highFindings;
            values[8] = mediumFindings;
            // Bits 1, 2, 4 are features 0–2; bits 8, 16, 32 are features 4–6 (explanation coverage is never missing).
            return (ushort)((Missing & 7) | ((Missing & 56) << 1));
        }

        /// <summary>Writes the record into <paramref name="into"/> (<see cref="Bytes"/> long), doubles bit for bit.</summary>
        public void Write(Span<byte> into)
        {
            into[0] = Missing;
            BinaryPrimitives.WriteDoubleLittleEndian(into[1..], ExecutionRate);
            BinaryPrimitives.WriteDoubleLittleEndian(into[9..], ExactHitShare);
            BinaryPrimitives.WriteDoubleLittleEndian(into[17..], QualitativeShare);
            BinaryPrimitives.WriteDoubleLittleEndian(into[25..], ExplanationCoverage);
            BinaryPrimitives.WriteDoubleLittleEndian(into[33..], ScoreRatio);
            BinaryPrimitives.WriteDoubleLittleEndian(into[41..], FullMarksShare);
            BinaryPrimitives.WriteDoubleLittleEndian(into[49..], MedianCompletion);
        }

        /// <summary>Reads a record written by <see cref="Write"/>.</summary>
        public static Packed Read(ReadOnlySpan<byte> from) => new(from[0],
            BinaryPrimitives.ReadDoubleLittleEndian(from[1..]), BinaryPrimitives.ReadDoubleLittleEndian(from[9..]),
            BinaryPrimitives.ReadDoubleLittleEndian(from[17..]), BinaryPrimitives.ReadDoubleLittleEndian(from[25..]),
            BinaryPrimitives.ReadDoubleLittleEndian(from[33..]), BinaryPrimitives.ReadDoubleLittleEndian(from[41..]),
            BinaryPrimitives.ReadDoubleLittleEndian(from[49..]));
    }

    /// <summary>A batch's features in one array (form by form, <see cref="FormFeatures.Count"/> values each) with a
    /// bit per missing value.</summary>
    private sealed class FeatureTable(int count)
    {
        public int Count { get; } = count;

        public double[] Values { get; } = new double[count * Width];

        public ushort[] Missing { get; } = new ushort[count];

        public void Set(int i, IReadOnlyList<double?> values)
        {
            for (var j = 0; j < Width; j++)
            {
                Set(i, j, values[j]);
            }
        }

        /// <summary>Row <paramref name="i"/> from values as <see cref="Packed.Fill"/> gives them.</summary>
        public void SetRow(int i, ReadOnlySpan<double> values, ushort missing)
        {
            values.CopyTo(Values.AsSpan(i * Width, Width));
            Missing[i] = missing;
        }

        public void Set(int i, int j, double? value)
        {
            if (value is { } v)
            {
                Values[(i * Width) + j] = v;
            }
            else
            {
                Missing[i] |= (ushort)(1 << j);
            }
        }
    }
}

/// <summary>One row of the ML.NET input: the robust z vector of a form.</summary>
internal sealed class PcaInput
{
    [VectorType(FormFeatures.Count)]
    public float[] Features { get; set; } = [];
}

/// <summary>The trainer's output row (only the Score column is read).</summary>
internal sealed class PcaOutput
{
    public float Score { get; set; }
}
