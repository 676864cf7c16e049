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

    private readonly Settings _settings = Validate(settings);

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
    /// <remarks>ML1 keeps each form's header and its features but the finding counts, which are added at the end.</remarks>
    public RunSummaries StartRun() => RunSummaries.Of(Summarize, Judge);

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings) =>
        Judge(forms.Select(Summarize).ToList(), findings);

    /// <summary>What ML1 keeps of a form: its header and its features before the other rules' findings, packed (one
    /// value of a list, no objects of its own: a run keeps one per form).</summary>
    private Kept Summarize(EvaluationForm form) =>
        new(FormSummary.Header(form), Packed.Of(FormFeatures.Of(form, [], _settings.CompletionCap)));

    private List<Finding> Judge(IReadOnlyList<Kept> summaries, IEnumerable<Finding> findings)
    {
        var features = summaries.Select(s => s.Features.Unpack(FormRef.Of(s.Form))).ToList();
        var scored = Score(FormFeatures.WithFindings(features, findings));
        if (scored is null)
        {
            return [];
        }

        var result = new List<Finding>();
        foreach (var s in scored.Scores.Where(s => s.Result.IsFlagged).OrderBy(s => s.Result.Rank))
        {
            result.Add(ToFinding(summaries[s.Index].Form, s, scored));
        }

        return result;
    }

    /// <summary>
    /// Every form of the batch with its score, rank (1 = most anomalous) and drivers, most anomalous first: the
    /// dashboard's review queue. Empty when the batch has fewer than <see cref="Settings.MinForms"/> forms.
    /// </summary>
    public IReadOnlyList<OutlierScore> Rank(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings) =>
        Score(FormFeatures.Of(forms, findings, _settings.CompletionCap))?.Scores.Select(s => s.Result).OrderBy(s => s.Rank).ToList() ?? [];

    private Batch? Score(IReadOnlyList<FormFeatures> features)
    {
        if (features.Count < _settings.MinForms)
        {
            return null;
        }

        var raw = Impute(features);
        var z = Standardise(raw);

        // Fit on the core: a form far out on every axis would otherwise become a principal component of its own.
        var rms = z.Select(v => Math.Sqrt(v.Sum(x => x * x) / v.Length)).ToArray();
        var rmsMedian = RobustStats.Median(rms);
        var rmsFence = rmsMedian + (_settings.TrainingFenceK * RobustStats.ScaledMad(rms, rmsMedian));
        var core = Enumerable.Range(0, z.Length).Where(i => rms[i] <= rmsFence).ToList();
        if (core.Count <= _settings.Rank + 1)
        {
            core = [.. Enumerable.Range(0, z.Length)];
        }

        var pca = FitAndScore(z, core);
        var (residuals, inPlane, totals) = Combine(z, core, pca);

        var median = RobustStats.Median(totals);
        var mad = RobustStats.ScaledMad(totals, median);
        var threshold = Math.Max(median + (_settings.FenceK * mad), _settings.MinScore);

        // Rank by score; ties in a fixed order (unit, year, kind, project, file) so the queue is stable.
        var order = Enumerable.Range(0, z.Length)
            .OrderByDescending(i => totals[i])
            .ThenBy(i => features[i].Form.UnitKey, StringComparer.Ordinal)
            .ThenBy(i => features[i].Form.Year)
            .ThenBy(i => features[i].Form.Kind)
            .ThenBy(i => features[i].Form.Project ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(i => features[i].Form.FileName, StringComparer.Ordinal)
            .ToList();
        var scores = new FormScore[z.Length];
        for (var r = 0; r < order.Count; r++)
        {
            var i = order[r];
            var drivers = Enumerable.Range(0, FormFeatures.Count)
                .Where(j => z[i][j] != 0)
                .OrderByDescending(j => Math.Abs(z[i][j]))
                .ThenBy(j => j)
                .Take(_settings.TopDrivers)
                .Select(j => (FormFeatures.Features[j].Key, z[i][j]))
                .ToList();
            var result = new OutlierScore(features[i].Form, totals[i], r + 1, drivers, residuals[i], inPlane[i],
                pca.Scores[i], threshold, totals[i] > threshold);
            scores[i] = new FormScore(i, result, raw[i]);
        }

        return new Batch(scores, median, mad, threshold, core.Count, pca.Components.Length);
    }

    /// <summary>Missing values take the batch median of the feature (0 when no form has it).</summary>
    private static double[][] Impute(IReadOnlyList<FormFeatures> features)
    {
        var values = features.Select(f => f.Values()).ToList();
        var medians = Enumerable.Range(0, FormFeatures.Count)
            .Select(j => RobustStats.Median(values.Where(v => v[j] is not null).Select(v => v[j]!.Value)))
            .ToArray();
        return values.Select(v => v.Select((x, j) => x ?? medians[j]).ToArray()).ToArray();
    }

    /// <summary>Robust z per feature: (x − median) / max(MAD·1.4826, the feature's resolution).</summary>
    private static double[][] Standardise(double[][] raw)
    {
        var z = raw.Select(r => new double[r.Length]).ToArray();
        for (var j = 0; j < FormFeatures.Count; j++)
        {
            var column = raw.Select(r => r[j]).ToArray();
            var median = RobustStats.Median(column);
            var scale = Math.Max(RobustStats.RawScaledMad(column, median), FormFeatures.Features[j].MinScale);
            for (var i = 0; i < raw.Length; i++)
            {
                z[i][j] = (raw[i][j] - median) / scale;
            }
        }

        return z;
    }

    /// <summary>
    /// The two parts of a form's score, both in robust-z units: the residual off the principal subspace (the
    /// trainer's Score times the distance from the centre) and the distance within it, each component counted in its
    /// own robust spread over the core (never less than 1). The score is the root of their squares' sum.
    /// </summary>
    private static (double[] Residual, double[] InPlane, double[] Total) Combine(double[][] z, List<int> core,
        PcaFit pca)
    {
        var n = z.Length;
        var centred = z.Select(v => v.Select((x, j) => x - pca.Mean[j]).ToArray()).ToArray();
        var projections = pca.Components
            .Select(c => centred.Select(v => v.Select((x, j) => x * c[j]).Sum()).ToArray())
            .ToArray();
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
            var distance = Math.Sqrt(centred[i].Sum(x => x * x));
            // The trainer's Score is the unexplained share of the distance (NaN at the centre itself: 0/0).
            residual[i] = distance == 0 || double.IsNaN(pca.Scores[i]) ? 0 : pca.Scores[i] * distance;
            inPlane[i] = Math.Sqrt(projections.Select((t, k) => (t[i] - spreads[k].Centre) / spreads[k].Spread)
                .Sum(u => u * u));
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
    private PcaFit FitAndScore(double[][] z, List<int> core)
    {
        var varying = Enumerable.Range(0, FormFeatures.Count)
            .Count(j => core.Any(i => z[i][j] != z[core[0]][j]));
        for (var rank = Math.Min(_settings.Rank, Math.Min(varying, core.Count - 1)); rank > 0; rank--)
        {
            try
            {
                return Fit(z, core, rank);
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "eigenVectors")
            {
                // Rank-deficient core: retry with one component fewer.
            }
        }

        var mean = Enumerable.Range(0, FormFeatures.Count).Select(j => core.Average(i => z[i][j])).ToArray();
        return new PcaFit([.. z.Select(_ => 1d)], mean, []);
    }

    private PcaFit Fit(double[][] z, List<int> core, int rank)
    {
        var ml = new MLContext(seed: _settings.Seed);
        var all = z.Select(v => new PcaInput { Features = v.Select(x => (float)x).ToArray() }).ToList();
        var training = ml.Data.LoadFromEnumerable(core.Select(i => all[i]));
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(FeaturesColumn, null, rank,
            _settings.Oversampling, ensureZeroMean: true, seed: _settings.Seed);
        var model = trainer.Fit(training);
        var output = model.Transform(ml.Data.LoadFromEnumerable(all));
        var scores = ml.Data.CreateEnumerable<PcaOutput>(output, reuseRowObject: false)
            .Select(o => float.IsNaN(o.Score) ? 0d : o.Score)
            .ToArray();
        var mean = default(VBuffer<float>);
        model.Model.GetMean(ref mean);
        VBuffer<float>[] vectors = [];
        model.Model.GetEigenVectors(ref vectors, out var kept);
        var components = vectors.Take(kept).Select(v => v.DenseValues().Select(x => (double)x).ToArray()).ToArray();
        var dense = mean.DenseValues().Select(x => (double)x).ToArray();
        return new PcaFit(scores, dense.Length == FormFeatures.Count ? dense : new double[FormFeatures.Count],
            components);
    }

    private Finding ToFinding(EvaluationForm form, FormScore s, Batch batch)
    {
        var r = s.Result;
        var zh = string.Join("；", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).Name} {Num(s.Raw[IndexOf(d.Feature)])}（z={Signed(d.Z)}）"));
        var en = string.Join("; ", r.Drivers.Select(d =>
            $"{FormFeatures.Describe(d.Feature).NameEn} {Num(s.Raw[IndexOf(d.Feature)])} (z={Signed(d.Z)})"));
        var n = batch.Scores.Count;
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
            evidence.Add(new("x:" + feature, s.Raw[IndexOf(feature)]));
        }

        return Finding.ForForm(Rule, Severity.Low, form, null,
            $"本表在同批 {n} 张表中的 PCA 异常评分为 {r.Score:0.###}（主成分方向偏离 {r.InPlane:0.###}，主成分外残差 {r.Residual:0.###}），高于阈值 {r.Threshold:0.###}（中位数 {batch.Median:0.###} + {_settings.FenceK}×稳健标准差 {batch.Mad:0.###}，且不低于 {_settings.MinScore}；稳健标准差 = {RobustStats.MadToSd}×MAD），排第 {r.Rank} 位；偏离最大的特征：{zh}。仅提示优先复核，不单独构成问题",
            $"PCA outlier score {r.Score:0.###} (along the principal components {r.InPlane:0.###}, residual off them {r.Residual:0.###}) exceeds the threshold {r.Threshold:0.###} (median {batch.Median:0.###} + {_settings.FenceK} x robust SD {batch.Mad:0.###}, at least {_settings.MinScore}; robust SD = {RobustStats.MadToSd} x MAD) among {n} forms, rank {r.Rank}; largest deviations: {en}. A review prompt, not a finding on its own",
            evidence);
    }

    private static int IndexOf(string key) => FormFeatures.Features.ToList().FindIndex(f => f.Key == key);

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

    /// <summary>A form's header and its packed features, as a run keeps them.</summary>
    private readonly record struct Kept(EvaluationForm Form, Packed Features);

    /// <summary>The features that do not depend on findings, without objects: which are missing, and the values.</summary>
    private readonly record struct Packed(byte Missing, double ExecutionRate, double ExactHitShare,
        double QualitativeShare, double ExplanationCoverage, double ScoreRatio, double FullMarksShare,
        double MedianCompletion)
    {
        public static Packed Of(FormFeatures f) => new(
            (byte)((f.ExecutionRate is null ? 1 : 0) | (f.ExactHitShare is null ? 2 : 0)
                | (f.QualitativeShare is null ? 4 : 0) | (f.ScoreRatio is null ? 8 : 0)
                | (f.FullMarksShare is null ? 16 : 0) | (f.MedianCompletion is null ? 32 : 0)),
            f.ExecutionRate ?? 0, f.ExactHitShare ?? 0, f.QualitativeShare ?? 0, f.ExplanationCoverage,
            f.ScoreRatio ?? 0, f.FullMarksShare ?? 0, f.MedianCompletion ?? 0);

        /// <summary>The features again, with no findings counted (the run adds them at the end).</summary>
        public FormFeatures Unpack(FormRef form) => new(form, Value(1, ExecutionRate), Value(2, ExactHitShare),
            Value(4, QualitativeShare), ExplanationCoverage, Value(8, ScoreRatio), Value(16, FullMarksShare),
            Value(32, MedianCompletion), HighFindings: 0, MediumFindings: 0);

        private double? Value(int bit, double value) => (Missing & bit) != 0 ? null : value;
    }

    private sealed record FormScore(int Index, OutlierScore Result, double[] Raw);

    private sealed record Batch(IReadOnlyList<FormScore> Scores, double Median, double Mad, double Threshold,
        int TrainedOn, int Components);
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
