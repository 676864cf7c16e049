using System.Buffers.Binary;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
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
    public sealed record Settings(
        int Rank = 3,
        int Oversampling = 20,
        int Seed = 0,
        int MinForms = 20,
        double FenceK = 3.5,
        double MinScore = 3,
        double TrainingFenceK = 3.5,
        double CompletionCap = 3,
        int TopDrivers = 3);

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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859",
        Justification = "Run passes a HeaderSpill; the analyzer sees only the call with a List.")]
    private List<Finding> Judge(IReadOnlyList<FormHeader> headers, IEnumerable<Packed> features,
        IEnumerable<Finding> findings)
    {
        if (headers.Count < _settings.MinForms)
        {
            return [];
        }

        // One array of every form's features (no object per form: a run may hold hundreds of thousands of forms).
        var counts = FormFeatures.CountFindings(findings);
        var table = new FeatureTable(headers.Count);
        var i = 0;
        foreach (var packed in features)
        {
            var (high, medium) = counts.GetValueOrDefault(FormRef.Of(headers[i]));
            packed.WriteTo(table, i, high, medium);
            i++;
        }

        if (i != headers.Count)
        {
            throw new InvalidOperationException($"ML1 read the features of {i} forms, expected {headers.Count}");
        }

        var batch = Score(table, k => FormRef.Of(headers[k]));
        if (batch is null)
        {
            return [];
        }

        var result = new List<Finding>();
        for (var r = 0; r < batch.Order.Length; r++)
        {
            var k = batch.Order[r];
            if (batch.IsFlagged(k))
            {
                result.Add(ToFinding(headers[k], batch, k, batch.ScoreOf(k, r + 1, FormRef.Of(headers[k]),
                    _settings.TopDrivers)));
            }
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

        var batch = Score(table, i => features[i].Form)!;
        return batch.Order.Select((i, r) => batch.ScoreOf(i, r + 1, features[i].Form, _settings.TopDrivers)).ToList();
    }

    /// <summary>Scores every form of the table; null when it has fewer than <see cref="Settings.MinForms"/> forms.
    /// Works on flat arrays (a few doubles per form), imputing and standardising in place.</summary>
    /// <param name="table">The features (imputed in place).</param>
    /// <param name="formOf">A form's identity: only read to order forms whose scores tie.</param>
    private Batch? Score(FeatureTable table, Func<int, FormRef> formOf)
    {
        var n = table.Count;
        if (n < _settings.MinForms)
        {
            return null;
        }

        var raw = Impute(table);
        var z = Standardise(raw, n);

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

        var pca = FitAndScore(z, n, core);
        var (residuals, inPlane, totals) = Combine(z, n, core, pca);

        var median = RobustStats.Median(totals);
        var mad = RobustStats.ScaledMad(totals, median);
        var threshold = Math.Max(median + (_settings.FenceK * mad), _settings.MinScore);
        return new Batch(raw, z, totals, residuals, inPlane, pca.Scores, RankOrder(totals, formOf), median, mad,
            threshold, core.Count, pca.Components.Length);
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

    /// <summary>Missing values take the batch median of the feature (0 when no form has it); in place.</summary>
    private static double[] Impute(FeatureTable table)
    {
        var values = table.Values;
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

            if (column.Count == table.Count)
            {
                continue;
            }

            var median = RobustStats.Median(column);
            for (var i = 0; i < table.Count; i++)
            {
                if ((table.Missing[i] & bit) != 0)
                {
                    values[(i * Width) + j] = median;
                }
            }
        }

        return values;
    }

    /// <summary>Robust z per feature: (x − median) / max(MAD·1.4826, the feature's resolution).</summary>
    private static double[] Standardise(double[] raw, int n)
    {
        var z = new double[raw.Length];
        var column = new double[n];
        for (var j = 0; j < Width; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = raw[(i * Width) + j];
            }

            var median = RobustStats.Median(column);
            var scale = Math.Max(RobustStats.RawScaledMad(column, median), FormFeatures.Features[j].MinScale);
            for (var i = 0; i < n; i++)
            {
                z[(i * Width) + j] = (raw[(i * Width) + j] - median) / scale;
            }
        }

        return z;
    }

    /// <summary>
    /// The two parts of a form's score, both in robust-z units: the residual off the principal subspace (the
    /// trainer's Score times the distance from the centre) and the distance within it, each component counted in its
    /// own robust spread over the core (never less than 1). The score is the root of their squares' sum.
    /// </summary>
    private static (double[] Residual, double[] InPlane, double[] Total) Combine(double[] z, int n, List<int> core,
        PcaFit pca)
    {
        double Centred(int i, int j) => z[(i * Width) + j] - pca.Mean[j];

        var projections = new double[pca.Components.Length][];
        for (var k = 0; k < projections.Length; k++)
        {
            var c = pca.Components[k];
            var t = projections[k] = new double[n];
            for (var i = 0; i < n; i++)
            {
                var sum = 0d;
                for (var j = 0; j < Width; j++)
                {
                    sum += Centred(i, j) * c[j];
                }

                t[i] = sum;
            }
        }

        var residual = new double[n];
        var inPlane = new double[n];
        var total = new double[n];
        var spreads = projections.Select(t =>
        {
            var coreValues = core.Select(i => t[i]).ToArray();
            var centre = RobustStats.Median(coreValues);
            return (Centre: centre, Spread: Math.Max(RobustStats.RawScaledMad(coreValues, centre), 1));
        }).ToArray();
        for (var i = 0; i < n; i++)
        {
            var squares = 0d;
            for (var j = 0; j < Width; j++)
            {
                squares += Centred(i, j) * Centred(i, j);
            }

            var distance = Math.Sqrt(squares);
            // The trainer's Score is the unexplained share of the distance (NaN at the centre itself: 0/0).
            residual[i] = distance == 0 || double.IsNaN(pca.Scores[i]) ? 0 : pca.Scores[i] * distance;
            var plane = 0d;
            for (var k = 0; k < projections.Length; k++)
            {
                var u = (projections[k][i] - spreads[k].Centre) / spreads[k].Spread;
                plane += u * u;
            }

            inPlane[i] = Math.Sqrt(plane);
            total[i] = Math.Sqrt((residual[i] * residual[i]) + (inPlane[i] * inPlane[i]));
        }

        return (residual, inPlane, total);
    }

    /// <summary>
    /// Trains RandomizedPca on the core rows and scores every row: the Score column, the model's mean vector and its
    /// principal components. The rank is lowered to what the core can carry (varying features, rows − 1); when
    /// ML.NET still finds the data degenerate (NaN eigenvectors, e.g. two features moving in lockstep) it is lowered
    /// again; at rank 0 nothing is explained (Score 1) and the distance from the core's mean is all residual.
    /// </summary>
    private PcaFit FitAndScore(double[] z, int n, List<int> core)
    {
        var first = core[0] * Width;
        var varying = Enumerable.Range(0, Width)
            .Count(j => core.Any(i => z[(i * Width) + j] != z[first + j]));
        for (var rank = Math.Min(_settings.Rank, Math.Min(varying, core.Count - 1)); rank > 0; rank--)
        {
            try
            {
                return Fit(z, n, core, rank);
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "eigenVectors")
            {
                // Rank-deficient core: retry with one component fewer.
            }
        }

        var mean = Enumerable.Range(0, Width).Select(j => core.Average(i => z[(i * Width) + j])).ToArray();
        return new PcaFit([.. Enumerable.Repeat(1d, n)], mean, []);
    }

    /// <remarks>The trainer reads its rows as they are made from <paramref name="z"/> (it may pass over them several
    /// times, always the same values): no row object per form is kept.</remarks>
    private PcaFit Fit(double[] z, int n, List<int> core, int rank)
    {
        PcaInput Row(int i)
        {
            var features = new float[Width];
            for (var j = 0; j < Width; j++)
            {
                features[j] = (float)z[(i * Width) + j];
            }

            return new PcaInput { Features = features };
        }

        var ml = new MLContext(seed: _settings.Seed);
        var training = ml.Data.LoadFromEnumerable(core.Select(Row));
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(FeaturesColumn, null, rank,
            _settings.Oversampling, ensureZeroMean: true, seed: _settings.Seed);
        var model = trainer.Fit(training);
        var output = model.Transform(ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(Row)));
        var scores = ml.Data.CreateEnumerable<PcaOutput>(output, reuseRowObject: true)
            .Select(o => float.IsNaN(o.Score) ? 0d : o.Score)
            .ToArray();
        var mean = default(VBuffer<float>);
        model.Model.GetMean(ref mean);
        VBuffer<float>[] vectors = [];
        model.Model.GetEigenVectors(ref vectors, out var kept);
        var components = vectors.Take(kept).Select(v => v.DenseValues().Select(x => (double)x).ToArray()).ToArray();
        var dense = mean.DenseValues().Select(x => (double)x).ToArray();
        return new PcaFit(scores, dense.Length == Width ? dense : new double[Width], components);
    }

    private Finding ToFinding(IFormHeader form, Batch batch, int index, OutlierScore r)
    {
        var zh = string.Join("；", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).Name} {Num(batch.RawOf(index, d.Feature))}（z={Signed(d.Z)}）"));
        var en = string.Join("; ", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).NameEn} {Num(batch.RawOf(index, d.Feature))} (z={Signed(d.Z)})"));
        var n = batch.Count;
        var evidence = new List<KeyValuePair<string, double>>
        {
            new("score", r.Score), new("threshold", r.Threshold), new("rank", r.Rank), new("n", n),
            new("median", batch.Median), new("mad", batch.Mad), new("k", _settings.FenceK),
            new("minScore", _settings.MinScore),
            new("pcaScore", r.PcaScore), new("residual", r.Residual), new("inPlane", r.InPlane),
            new("trainedOn", batch.TrainedOn), new("components", batch.Components),
        };
        foreach (var (feature, value) in r.Drivers)
        {
            evidence.Add(new("z:" + feature, value));
            evidence.Add(new("x:" + feature, batch.RawOf(index, feature)));
        }

        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"本表在同批 {n} 张表中的 PCA 异常评分为 {r.Score:0.###}（主成分方向偏离 {r.InPlane:0.###}，主成分外残差 {r.Residual:0.###}），高于阈值 {r.Threshold:0.###}（中位数 {batch.Median:0.###} + {_settings.FenceK}×稳健标准差 {batch.Mad:0.###}，且不低于 {_settings.MinScore}；稳健标准差 = {RobustStats.MadToSd}×MAD），排第 {r.Rank} 位；偏离最大的特征：{zh}。仅提示优先复核，不单独构成问题",
            $"PCA outlier score {r.Score:0.###} (along the principal components {r.InPlane:0.###}, residual off them {r.Residual:0.###}) exceeds the threshold {r.Threshold:0.###} (median {batch.Median:0.###} + {_settings.FenceK} x robust SD {batch.Mad:0.###}, at least {_settings.MinScore}; robust SD = {RobustStats.MadToSd} x MAD) among {n} forms, rank {r.Rank}; largest deviations: {en}. A review prompt, not a finding on its own",
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
        return s;
    }

    private sealed record PcaFit(double[] Scores, double[] Mean, double[][] Components);

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

        /// <summary>Writes the features, with the finding counts, as row <paramref name="i"/> of the table (in the
        /// order of <see cref="FormFeatures.Values"/>).</summary>
        public void WriteTo(FeatureTable table, int i, int highFindings, int mediumFindings)
        {
            table.Set(i, 0, Value(1, ExecutionRate));
            table.Set(i, 1, Value(2, ExactHitShare));
            table.Set(i, 2, Value(4, QualitativeShare));
            table.Set(i, 3, ExplanationCoverage);
            table.Set(i, 4, Value(8, ScoreRatio));
            table.Set(i, 5, Value(16, FullMarksShare));
            table.Set(i, 6, Value(32, MedianCompletion));
            table.Set(i, 7, highFindings);
            table.Set(i, 8, mediumFindings);
        }

        private double? Value(int bit, double value) => (Missing & bit) != 0 ? null : value;

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

    /// <summary>The scores of a batch, as arrays indexed by form (no object per form).</summary>
    private sealed record Batch(double[] Raw, double[] Z, double[] Totals, double[] Residuals, double[] InPlane,
        double[] PcaScores, int[] Order, double Median, double Mad, double Threshold, int TrainedOn, int Components)
    {
        public int Count => Totals.Length;

        public bool IsFlagged(int i) => Totals[i] > Threshold;

        /// <summary>A form's imputed value of the feature called <paramref name="key"/>.</summary>
        public double RawOf(int i, string key) =>
            Raw[(i * Width) + FormFeatures.Features.ToList().FindIndex(f => f.Key == key)];

        /// <summary>One form's score, with the features furthest from the batch.</summary>
        public OutlierScore ScoreOf(int i, int rank, FormRef form, int topDrivers)
        {
            var drivers = Enumerable.Range(0, Width)
                .Where(j => Z[(i * Width) + j] != 0)
                .OrderByDescending(j => Math.Abs(Z[(i * Width) + j]))
                .ThenBy(j => j)
                .Take(topDrivers)
                .Select(j => (FormFeatures.Features[j].Key, Z[(i * Width) + j]))
                .ToList();
            return new OutlierScore(form, Totals[i], rank, drivers, Residuals[i], InPlane[i], PcaScores[i], Threshold,
                IsFlagged(i));
        }
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
