using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T1 目标值与完成值高度一致: on a form, almost every uncapped quantitative 全年完成值 equals its 年度指标值 exactly;
/// or the form's exact-hit share stands far above its peers' median.
/// </summary>
/// <remarks>
/// One class for both conditions of RULES.md T1, so the code stays unique: the rule is an <see cref="IBatchRule"/>
/// that judges every form on its own (share ≥ <see cref="Settings.ShareThreshold"/>) and, when the batch holds
/// enough peers (same year and form kind), also against the peers' median share. A form gets at most one T1
/// finding, whose evidence says which condition held. Capped targets (=100%, ≥100%, =0) and reverse rows (≤, &lt;)
/// whose actual is 0 are left out: there an exact hit, or the floor, is the natural value.
/// </remarks>
public sealed class TargetsEqualActuals : IBatchRule, ISummarizingRule
{
    private readonly Settings _settings;

    public TargetsEqualActuals(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinRows, 1, nameof(settings.MinRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.ShareThreshold, nameof(settings.ShareThreshold));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.ShareThreshold, 1.0, nameof(settings.ShareThreshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.PeerMargin, nameof(settings.PeerMargin));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinPeers, 2, nameof(settings.MinPeers));
        _settings = settings;
    }

    /// <summary>Summaries held in memory before they go to temporary files (tests set 1 to spill every one).</summary>
    internal int SpillSummaries { get; init; } = RunSummaries.SummariesInMemory;

    /// <summary>Values a median is sorted from in memory at most; more are narrowed down in passes
    /// (<see cref="ExactSelection"/>). Tests set it low.</summary>
    internal int SortInMemory { get; init; } = ExactSelection.DefaultInMemory;

    /// <param name="MinRows">Minimum uncapped quantitative rows n before a share is judged (RULES.md §6: n ≥ 5).</param>
    /// <param name="ShareThreshold">Exact-hit share that flags a form on its own (RULES.md §6: 0.8).</param>
    /// <param name="PeerMargin">
    /// How far (as a fraction: 0.30 = 30 pp) a form's share must exceed the median share of its peers
    /// (RULES.md §3 T1: "exceeds the batch median by ≥ 30 pp").
    /// </param>
    /// <param name="MinPeers">
    /// Peers (forms of the same year and kind with n ≥ <paramref name="MinRows"/>, the form included) needed before
    /// the median is used [D]: a median of two or three forms says little.
    /// </param>
    public sealed record Settings(int MinRows = 5, double ShareThreshold = 0.8, double PeerMargin = 0.30,
        int MinPeers = 5);

    public static RuleInfo Rule { get; } =
        new("T1", "目标值与完成值高度一致", "Targets equal actuals across the board", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads the counted rows (quantitative, uncapped, not a reverse row at 0).</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>T1 keeps each form's header and its counts, in temporary files by year and kind (the medians are
    /// of a year and kind), and judges one partition of them at a time.</remarks>
    public RunSummaries StartRun() => new BatchSummaries<(FormHeader Form, (int N, int Exact, double Share) Count)>(
        slice => slice.Select(Summarize), c => BatchKey.YearAndKind(c.Form), Write, Read, Judge,
        SpillSummaries);

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms) =>
        Judge(BatchPartition<(FormHeader, (int, int, double))>.Of(forms.Select(Summarize).ToList()));

    /// <summary>What T1 reads of a form: its header (year, kind, identity) and its counted rows' counts.</summary>
    private static (FormHeader Form, (int N, int Exact, double Share) Count) Summarize(EvaluationForm form) =>
        (FormSummary.Header(form), Count(form));

    /// <summary>Judges whole batches in passes over their summaries: the peers of each batch are counted, each
    /// batch's median share is selected exactly (<see cref="ExactSelection"/>), then every form is judged; what is
    /// held is a few numbers per batch, not the summaries.</summary>
    private IEnumerable<Finding> Judge(BatchPartition<(FormHeader Form, (int N, int Exact, double Share) Count)> partition)
    {
        var peerCounts = new Dictionary<(int Year, FormKind Kind), int>();
        foreach (var (form, count) in partition.Stream())
        {
            if (count.N >= _settings.MinRows)
            {
                peerCounts[(form.Year, form.Kind)] = peerCounts.GetValueOrDefault((form.Year, form.Kind)) + 1;
            }
        }

        var medians = peerCounts.ToDictionary(p => p.Key, p => (Median: ExactSelection.Median(
            () => partition.Stream()
                .Where(c => c.Count.N >= _settings.MinRows && c.Form.Year == p.Key.Year && c.Form.Kind == p.Key.Kind)
                .Select(c => c.Count.Share), p.Value, SortInMemory), Peers: p.Value));

        foreach (var (form, (n, exact, share)) in partition.Stream())
        {
            if (n < _settings.MinRows)
            {
                continue;
            }

            var absolute = share >= _settings.ShareThreshold;
            var (median, peers) = medians[(form.Year, form.Kind)];
            var hasPeers = peers >= _settings.MinPeers;
            var aboveMedian = hasPeers && share - median >= _settings.PeerMargin;
            if (!absolute && !aboveMedian)
            {
                continue;
            }

            var evidence = new List<KeyValuePair<string, double>>
            {
                new("n", n), new("exact", exact), new("share", share), new("minRows", _settings.MinRows),
                new("shareThreshold", _settings.ShareThreshold),
            };
            if (hasPeers)
            {
                evidence.Add(new("peerMedian", median));
                evidence.Add(new("peers", peers));
                evidence.Add(new("peerMargin", _settings.PeerMargin));
            }

            var peerZh = hasPeers
                ? Finding.Invariant($"；同年度同类 {peers} 张表的中位数为 {median * 100:0.0}%，高出 {(share - median) * 100:0.0} 个百分点（阈值 {_settings.PeerMargin * 100:0.#} 个百分点）")
                : string.Empty;
            var peerEn = hasPeers
                ? Finding.Invariant($"; the median of {peers} forms of the same year and kind is {median * 100:0.0}%, {(share - median) * 100:0.0} pp lower (threshold {_settings.PeerMargin * 100:0.#} pp)")
                : string.Empty;
            yield return Finding.ForForm(Rule, Severity.Medium, form, null,
                $"可比定量指标 {n} 项中有 {exact} 项全年完成值与年度指标值完全相同（占 {share * 100:0.0}%），阈值：至少 {_settings.MinRows} 项且占比 ≥ {_settings.ShareThreshold * 100:0.#}%{peerZh}（已排除 =100%、≥100%、=0 等封顶指标及完成值为 0 的反向指标）",
                $"{exact} of {n} comparable quantitative indicators report an actual exactly equal to the target ({share * 100:0.0}%); threshold: at least {_settings.MinRows} rows and a share ≥ {_settings.ShareThreshold * 100:0.#}%{peerEn} (capped targets =100%, ≥100%, =0 and reverse rows at 0 excluded)",
                evidence);
        }
    }

    /// <summary>The rows that count: quantitative, not capped, not a reverse row at its floor of 0.</summary>
    internal static IEnumerable<RowAssessment> Counted(EvaluationForm form) =>
        form.Indicators.Select(RowAssessment.Of).Where(IsCounted);

    private static bool IsCounted(RowAssessment a) => a.IsQuantitative && !a.IsCapped && !(a.IsReverse && a.Actual == 0m);

    private static (int N, int Exact, double Share) Count(EvaluationForm form)
    {
        var rows = Counted(form).ToList();
        return Counts(rows.Count, rows.Count(a => a.ExactHit));
    }

    private static (int N, int Exact, double Share) Counts(int n, int exact) =>
        (n, exact, n == 0 ? 0 : (double)exact / n);

    private static void Write(BinaryWriter w, (FormHeader Form, (int N, int Exact, double Share) Count) c)
    {
        FormHeader.Write(w, c.Form);
        w.Write(c.Count.N);
        w.Write(c.Count.Exact);
    }

    private static (FormHeader Form, (int N, int Exact, double Share) Count) Read(BinaryReader r, StringPool? pool) =>
        (FormHeader.Read(r, pool), Counts(r.ReadInt32(), r.ReadInt32()));
}
