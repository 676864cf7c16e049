using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L5 同类单位对比异常: among the forms of the same year and kind, a form's 总分 or its share of full-mark rows lies
/// more than k robust SDs (MAD × 1.4826) above the peer median, while its execution rate B/A is at or below the
/// peer median.
/// </summary>
/// <remarks>
/// A form that scores far better than its peers without spending better than they do is worth a second look; the
/// median and MAD keep one or two extreme peers from hiding it. Kelman &amp; Friedman (2009) found no dysfunction for
/// one target, so this is a review prompt (Low). Peers are forms: each project form counts as one peer.
/// </remarks>
public sealed class PeerOutlierScore(PeerOutlierScore.Settings settings) : IBatchRule, ISummarizingRule
{
    /// <param name="K">Robust SDs above the peer median that make an outlier (RULES.md §3 L5: &gt; 2).</param>
    /// <param name="MadScale">MAD to σ factor under normality (L5: 1.4826).</param>
    /// <param name="MinPeers">Fewest forms with a 总分 and a B/A in the batch (L5: n ≥ 8).</param>
    public sealed record Settings(double K = 2.0, double MadScale = BatchMath.MadToSigma, int MinPeers = 8);

    private readonly Settings _settings = Validate(settings);

    /// <summary>Summaries held in memory before they go to temporary files (tests set 1 to spill every one).</summary>
    internal int SpillSummaries { get; init; } = RunSummaries.SummariesInMemory;

    /// <summary>Values a median is sorted from in memory at most; more are narrowed down in passes
    /// (<see cref="ExactSelection"/>). Tests set it low.</summary>
    internal int SortInMemory { get; init; } = ExactSelection.DefaultInMemory;

    public static RuleInfo Rule { get; } = new("L5", "同类单位对比异常", "Peer-outlier score", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads the total score, the budget lines (B/A) and the scored rows (full-mark share).</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>L5 keeps each form's header, execution rate and full-mark share, in temporary files by year and kind
    /// (it compares forms within a year and kind only), and judges one partition of them at a time.</remarks>
    public RunSummaries StartRun() => new BatchSummaries<Candidate>(slice => slice.Select(Summarize),
        c => BatchKey.YearAndKind(c.Form), Write, Read, Judge, SpillSummaries);

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms) =>
        Judge(BatchPartition<Candidate>.Of(forms.Select(Summarize).ToList()));

    /// <summary>What L5 reads of a form: its header (year, kind, score, identity), B/A and full-mark share.</summary>
    private static Candidate Summarize(EvaluationForm form) =>
        new(FormSummary.Header(form), FormSeries.ExecutionRate(form), FullMarkShare(form));

    /// <summary>
    /// Judges whole batches in passes over their summaries: the peers of each batch are counted; each batch's medians
    /// and MADs are selected exactly (<see cref="ExactSelection"/>, a pass or a few each); then every peer is judged.
    /// What is held is a few numbers per batch, not the summaries.
    /// </summary>
    private IEnumerable<Finding> Judge(BatchPartition<Candidate> partition)
    {
        var counts = new Dictionary<(int Year, FormKind Kind), (int Peers, int WithShare)>();
        foreach (var peer in Peers(partition))
        {
            var key = (peer.Form.Year, peer.Form.Kind);
            var (peers, withShare) = counts.GetValueOrDefault(key);
            counts[key] = (peers + 1, withShare + (peer.FullMarkShare is null ? 0 : 1));
        }

        var batches = new Dictionary<(int Year, FormKind Kind), BatchFences>();
        foreach (var ((year, kind), (peers, withShare)) in counts.Where(c => c.Value.Peers >= _settings.MinPeers))
        {
            IEnumerable<Peer> Batch() => Peers(partition).Where(p => p.Form.Year == year && p.Form.Kind == kind);
            var medianRate = ExactSelection.Median(() => Batch().Select(p => p.Rate), peers, SortInMemory);
            batches[(year, kind)] = new BatchFences(medianRate,
                Fence(() => Batch().Select(p => p.Score), peers),
                Fence(() => Batch().Where(p => p.FullMarkShare is not null).Select(p => p.FullMarkShare!.Value),
                    withShare));
        }

        if (batches.Count == 0)
        {
            yield break;
        }

        foreach (var peer in Peers(partition))
        {
            if (!batches.TryGetValue((peer.Form.Year, peer.Form.Kind), out var batch) || peer.Rate > batch.MedianRate)
            {
                continue;
            }

            // Both metrics beyond their fences make one finding, the score's reason first.
            var drafts = new FindingDrafts();
            Judge(peer, batch.MedianRate, batch.Score, peer.Score, "score", "总分", "total score", drafts);
            if (peer.FullMarkShare is { } share)
            {
                Judge(peer, batch.MedianRate, batch.FullMarkShare, share, "fullMarkShare",
                    "满分指标占比（得分等于分值的行数/有分值的行数）", "share of full-mark rows", drafts);
            }

            foreach (var finding in drafts.Findings(Rule, Severity.Low, f => f.TotalLine))
            {
                yield return finding;
            }
        }
    }

    /// <summary>The forms of the partition with a 总分 and a B/A: the peers.</summary>
    private static IEnumerable<Peer> Peers(BatchPartition<Candidate> partition) => partition.Stream()
        .Where(c => c.Form.TotalScore is not null && c.Rate is not null)
        .Select(c => new Peer(c.Form, c.Rate!.Value, (double)c.Form.TotalScore!.Value, c.FullMarkShare));

    /// <summary>A metric's median, MAD and fence over a batch's peers; null when there are too few peers or no
    /// robust scale (more than half the peers share one value, so no outlier can be measured).</summary>
    private MetricFence? Fence(Func<IEnumerable<double>> values, int count)
    {
        if (count < _settings.MinPeers)
        {
            return null;
        }

        var median = ExactSelection.Median(values, count, SortInMemory);
        var mad = ExactSelection.Median(() => values().Select(v => Math.Abs(v - median)), count, SortInMemory);
        var robustSd = mad * _settings.MadScale;
        return robustSd <= 0 ? null : new MetricFence(count, median, mad, robustSd, median + (_settings.K * robustSd));
    }

    private void Judge(Peer peer, double medianRate, MetricFence? fence, double value, string key, string label,
        string labelEn, FindingDrafts drafts)
    {
        if (fence is null || value <= fence.Fence)
        {
            return;
        }

        var (count, median, mad, robustSd, limit) = fence;
        var form = peer.Form;
        drafts.Add(form,
            Finding.Invariant($"{label} {value:0.###} 高于 {form.Year} 年同类 {count} 份自评表中位数 {median:0.###} 超过 {_settings.K} 个稳健标准差（MAD {mad:0.###} × {_settings.MadScale} = {robustSd:0.###}，界限 {limit:0.###}），而执行率 {peer.Rate * 100:0.##}% 不高于同类中位数 {medianRate * 100:0.##}%"),
            Finding.Invariant($"{labelEn} {value:0.###} is more than {_settings.K} robust SDs above the median {median:0.###} of {count} peer forms of {form.Year} (MAD {mad:0.###} × {_settings.MadScale} = {robustSd:0.###}, fence {limit:0.###}) while the execution rate {peer.Rate * 100:0.##}% is at or below the peer median {medianRate * 100:0.##}%"),
            [
                new(key, value), new(key + "Median", median), new(key + "Mad", mad), new(key + "Fence", limit),
                new(key + "N", count), new("k", _settings.K), new("madScale", _settings.MadScale),
                new("executionRate", peer.Rate), new("peerMedianExecutionRate", medianRate),
            ]);
    }

    /// <summary>A batch's median execution rate and its metrics' fences (null: not judged).</summary>
    private sealed record BatchFences(double MedianRate, MetricFence? Score, MetricFence? FullMarkShare);

    /// <summary>A metric over a batch's peers: how many, median, MAD, robust SD and the fence above the median.</summary>
    private sealed record MetricFence(int Count, double Median, double Mad, double RobustSd, double Fence);

    /// <summary>Share of rows with a 分值 &gt; 0 and a 得分 that have full marks; null when there are none.</summary>
    private static double? FullMarkShare(EvaluationForm form)
    {
        var scored = form.Indicators.Where(r => r is { Points: > 0m, Score: not null }).Select(RowAssessment.Of).ToList();
        return scored.Count == 0 ? null : (double)scored.Count(a => a.FullMarks) / scored.Count;
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.K, nameof(s.K));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MadScale, nameof(s.MadScale));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.MinPeers, 3, nameof(s.MinPeers));
        return s;
    }

    private sealed record Peer(IFormHeader Form, double Rate, double Score, double? FullMarkShare);

    private static void Write(BinaryWriter w, Candidate c)
    {
        FormHeader.Write(w, c.Form);
        SpillFile.WriteNullable(w, c.Rate);
        SpillFile.WriteNullable(w, c.FullMarkShare);
    }

    private static Candidate Read(BinaryReader r, StringPool? pool) =>
        new(FormHeader.Read(r, pool), SpillFile.ReadNullableDouble(r), SpillFile.ReadNullableDouble(r));

    private sealed record Candidate(FormHeader Form, double? Rate, double? FullMarkShare);
}
