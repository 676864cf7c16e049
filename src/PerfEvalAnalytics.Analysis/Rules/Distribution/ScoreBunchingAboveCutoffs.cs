using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L2 总分在等级分界点上方聚集: in one year's batch, far more forms score just above a grade cut-off (90 优, 80 良,
/// 60 中) than just below it.
/// </summary>
/// <remarks>
/// Without manipulation the density of 总分 is smooth across a cut-off; a pile just above it and a gap just below is
/// the pattern Sohn &amp; Bae (2018) found with McCrary's test on Korean program-assessment scores. The test is the
/// catalog's (RULES.md L2: "same test as L1"): the window above the cut-off must stand out from its neighbours by the
/// Burgstahler–Dichev standardised difference, with a deficit in the window below, and hold a clear multiple of the
/// forms below it; every count is in the evidence, so a reviewer can recount it by hand.
/// </remarks>
public sealed class ScoreBunchingAboveCutoffs(ScoreBunchingAboveCutoffs.Settings settings) : IBatchRule, ISummarizingRule
{
    /// <param name="ExcellentCutoff">优 cut-off (RULES.md §6 grade bands: 90 national; 80 in some provinces).</param>
    /// <param name="GoodCutoff">良 cut-off (§6: 80; 70 in some provinces).</param>
    /// <param name="PassCutoff">中 cut-off (§6: 60).</param>
    /// <param name="Window">Width in points of the windows [c − w, c) and [c, c + w) compared ([D]: 2).</param>
    /// <param name="Ratio">Flag when the count above is at least this multiple of the count below ([D]: 3).</param>
    /// <param name="MinForms">Fewest forms with a 总分 in the year's batch ([D]: 30).</param>
    /// <param name="MinAbove">Fewest forms above the cut-off, so that one or two forms over an empty window below do
    /// not make a pile ([D]: 5).</param>
    /// <param name="Threshold">Flag only when the standardised difference of the window above, against the windows
    /// on either side of it, exceeds this (RULES.md L1/L2: 2), and the window below is a deficit (its own
    /// standardised difference is negative): a batch whose scores merely rise towards 100 across the cut-off is a
    /// smooth density, not a pile.</param>
    public sealed record Settings(
        decimal ExcellentCutoff = 90m,
        decimal GoodCutoff = 80m,
        decimal PassCutoff = 60m,
        decimal Window = 2m,
        double Ratio = 3.0,
        int MinForms = 30,
        int MinAbove = 5,
        double Threshold = 2.0);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("L2", "总分在等级分界点上方聚集", "Total scores bunched just above grade cut-offs", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads only the total score of each form of a year.</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    /// <remarks>L2 keeps the header of each form with a 总分, in temporary files by year (it compares the forms of a
    /// year only), and judges one partition of them at a time.</remarks>
    public RunSummaries StartRun() => new BatchSummaries<FormHeader>(
        slice => slice.Where(f => f.TotalScore is not null).Select(FormSummary.Header), f => f.Year,
        FormHeader.Write, FormHeader.Read, Judge, SpillSummaries);

    /// <summary>Summaries held in memory before they go to temporary files (tests set 1 to spill every one).</summary>
    internal int SpillSummaries { get; init; } = RunSummaries.SummariesInMemory;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms) =>
        Judge(BatchPartition<EvaluationForm>.Of(forms));

    /// <summary>Judges whole years in two passes over their forms: the windows' counts per year and cut-off, then
    /// the forms in the windows that pile up; what is held is the counts, not the forms.</summary>
    private IEnumerable<Finding> Judge<T>(BatchPartition<T> partition) where T : IFormHeader
    {
        var cutoffs = new[] { _settings.ExcellentCutoff, _settings.GoodCutoff, _settings.PassCutoff }
            .Distinct().Order().ToList();
        var w = _settings.Window;

        // Per year: its forms with a 总分, and per cut-off the forms in the windows −2, −1, 0 and +1 (Counts).
        var years = new Dictionary<int, (int N, int[,] Counts)>();
        foreach (var form in partition.Stream().Where(f => f.TotalScore is not null))
        {
            if (!years.TryGetValue(form.Year, out var year))
            {
                year = (0, new int[cutoffs.Count, 4]);
            }

            for (var c = 0; c < cutoffs.Count; c++)
            {
                for (var k = -2; k <= 1; k++)
                {
                    if (InWindow(form, cutoffs[c], k))
                    {
                        year.Counts[c, k + 2]++;
                    }
                }
            }

            years[form.Year] = (year.N + 1, year.Counts);
        }

        var piles = new Dictionary<int, List<Pile>>();
        foreach (var (year, (n, counts)) in years.Where(y => y.Value.N >= _settings.MinForms))
        {
            for (var c = 0; c < cutoffs.Count; c++)
            {
                // Windows of width w around the cut-off: below2 = [c − 2w, c − w), below, above = [c, c + w), next.
                var (below2, below, above, next) = (counts[c, 0], counts[c, 1], counts[c, 2], counts[c, 3]);
                var sd = BatchMath.StandardisedDifference(above, below, next, n);
                var sdBelow = BatchMath.StandardisedDifference(below, below2, above, n);
                if (above < _settings.MinAbove || above < _settings.Ratio * below || sd <= _settings.Threshold
                    || sdBelow >= 0)
                {
                    continue;
                }

                if (!piles.TryGetValue(year, out var list))
                {
                    list = [];
                    piles[year] = list;
                }

                list.Add(new Pile(cutoffs[c], n, below2, below, above, next, sd, sdBelow));
            }
        }

        if (piles.Count == 0)
        {
            yield break;
        }

        foreach (var form in partition.Stream().Where(f => f.TotalScore is not null))
        {
            foreach (var pile in piles.GetValueOrDefault(form.Year) ?? [])
            {
                if (InWindow(form, pile.Cutoff, 0))
                {
                    yield return Describe(form, pile, w);
                }
            }
        }
    }

    /// <summary>A cut-off of a year whose window above piles up: the window counts and statistics.</summary>
    private sealed record Pile(decimal Cutoff, int N, int Below2, int Below, int Above, int Next, double Sd,
        double SdBelow);

    private Finding Describe(IFormHeader form, Pile pile, decimal w)
    {
        var (c, n, below2, below, above, next, sd, sdBelow) = pile;
        var year = form.Year;
        return Finding.ForForm(Rule, Severity.Low, form, form.TotalLine,
            $"总分 {form.TotalScore} 位于等级分界点 {c} 上方 [{c}, {c + w}) 区间：{year} 年 {n} 份自评表中该区间有 {above} 份，而下方 [{c - w}, {c}) 仅 {below} 份、再下方 [{c - (2 * w)}, {c - w}) {below2} 份、上方 [{c + w}, {c + (2 * w)}) {next} 份；标准化差异 SD = {sd:0.##}（阈值 > {_settings.Threshold}），下方区间 SD = {sdBelow:0.##}（阈值 < 0），上方 ≥ {_settings.Ratio} 倍下方且 ≥ {_settings.MinAbove} 份",
            $"Total score {form.TotalScore} sits just above the grade cut-off {c}, in [{c}, {c + w}): of {n} forms of {year}, {above} are in that window, only {below} in [{c - w}, {c}), {below2} in [{c - (2 * w)}, {c - w}) and {next} in [{c + w}, {c + (2 * w)}); standardised difference SD = {sd:0.##} (threshold > {_settings.Threshold}), window below SD = {sdBelow:0.##} (threshold < 0), above ≥ {_settings.Ratio} × below and ≥ {_settings.MinAbove}",
            [
                new("score", (double)form.TotalScore!.Value), new("cutoff", (double)c),
                new("window", (double)w), new("countAbove", above), new("countBelow", below),
                new("countBelow2", below2), new("countNext", next), new("sd", sd),
                new("sdBelow", sdBelow), new("threshold", _settings.Threshold),
                new("ratio", _settings.Ratio), new("minAbove", _settings.MinAbove), new("n", n),
            ]);
    }

    /// <summary>Whether the form's 总分 is in window <paramref name="k"/> of width w from the cut-off: [c + k·w, c + (k + 1)·w).</summary>
    private bool InWindow(IFormHeader form, decimal c, int k) =>
        form.TotalScore >= c + (k * _settings.Window) && form.TotalScore < c + ((k + 1) * _settings.Window);

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Window, nameof(s.Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.Ratio, 1, nameof(s.Ratio));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinForms, nameof(s.MinForms));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinAbove, nameof(s.MinAbove));
        ArgumentOutOfRangeException.ThrowIfNegative(s.Threshold, nameof(s.Threshold));
        var cutoffs = new[] { s.PassCutoff, s.GoodCutoff, s.ExcellentCutoff }.Distinct().Order().ToList();
        for (var i = 1; i < cutoffs.Count; i++)
        {
            // Overlapping windows (two each side of a cut-off) would count one form against two cut-offs.
            ArgumentOutOfRangeException.ThrowIfLessThan(cutoffs[i] - cutoffs[i - 1], 4 * s.Window, nameof(s.Window));
        }

        return s;
    }
}
