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
        Judge(forms.Select(Summarize).ToList());

    /// <summary>What L5 reads of a form: its header (year, kind, score, identity), B/A and full-mark share.</summary>
    private static Candidate Summarize(EvaluationForm form) =>
        new(FormSummary.Header(form), FormSeries.ExecutionRate(form), FullMarkShare(form));

    private IEnumerable<Finding> Judge(IReadOnlyList<Candidate> candidates)
    {
        var byForm = candidates.ToDictionary<Candidate, IFormHeader>(c => c.Form, ReferenceEqualityComparer.Instance);
        var drafts = new FindingDrafts();
        foreach (var batch in FormSeries.ByYearAndKind(candidates.Select(c => c.Form)))
        {
            var peers = FormSeries.Ordered(batch)
                .Select(f => byForm[f])
                .Where(c => c.Form.TotalScore is not null && c.Rate is not null)
                .Select(c => new Peer(c.Form, c.Rate!.Value, (double)c.Form.TotalScore!.Value, c.FullMarkShare))
                .ToList();
            if (peers.Count < _settings.MinPeers)
            {
                continue;
            }

            var medianRate = BatchMath.Median(peers.Select(p => p.Rate));
            Judge(peers, medianRate, p => p.Score, "score", "总分", "total score", drafts);
            Judge(peers.Where(p => p.FullMarkShare is not null).ToList(), medianRate, p => p.FullMarkShare!.Value,
                "fullMarkShare", "满分指标占比（得分等于分值的行数/有分值的行数）", "share of full-mark rows", drafts);
        }

        return drafts.Findings(Rule, Severity.Low, f => f.TotalLine);
    }

    private void Judge(List<Peer> peers, double medianRate, Func<Peer, double> metric, string key, string label,
        string labelEn, FindingDrafts drafts)
    {
        if (peers.Count < _settings.MinPeers)
        {
            return;
        }

        var values = peers.Select(metric).ToList();
        var median = BatchMath.Median(values);
        var mad = BatchMath.Mad(values, median);
        var robustSd = mad * _settings.MadScale;
        if (robustSd <= 0)
        {
            // More than half the peers share one value: no robust scale, so no outlier can be measured.
            return;
        }

        var fence = median + (_settings.K * robustSd);
        foreach (var peer in peers.Where(p => metric(p) > fence && p.Rate <= medianRate))
        {
            var value = metric(peer);
            var form = peer.Form;
            drafts.Add(form,
                Finding.Invariant($"{label} {value:0.###} 高于 {form.Year} 年同类 {peers.Count} 份自评表中位数 {median:0.###} 超过 {_settings.K} 个稳健标准差（MAD {mad:0.###} × {_settings.MadScale} = {robustSd:0.###}，界限 {fence:0.###}），而执行率 {peer.Rate * 100:0.##}% 不高于同类中位数 {medianRate * 100:0.##}%"),
                Finding.Invariant($"{labelEn} {value:0.###} is more than {_settings.K} robust SDs above the median {median:0.###} of {peers.Count} peer forms of {form.Year} (MAD {mad:0.###} × {_settings.MadScale} = {robustSd:0.###}, fence {fence:0.###}) while the execution rate {peer.Rate * 100:0.##}% is at or below the peer median {medianRate * 100:0.##}%"),
                [
                    new(key, value), new(key + "Median", median), new(key + "Mad", mad), new(key + "Fence", fence),
                    new(key + "N", peers.Count), new("k", _settings.K), new("madScale", _settings.MadScale),
                    new("executionRate", peer.Rate), new("peerMedianExecutionRate", medianRate),
                ]);
        }
    }

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
