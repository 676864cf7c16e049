using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Distribution;

/// <summary>
/// L2 总分在等级分界点上方聚集: in one year's batch, far more forms score just above a grade cut-off (90 优, 80 良,
/// 60 中) than just below it.
/// </summary>
/// <remarks>
/// Without manipulation the density of 总分 is smooth across a cut-off; a pile just above it and a gap just below is
/// the pattern Sohn &amp; Bae (2018) found with McCrary's test on Korean program-assessment scores. This is a count
/// comparison in two equal windows, the simplest form of that test, so a reviewer can recount it by hand.
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
    public sealed record Settings(
        decimal ExcellentCutoff = 90m,
        decimal GoodCutoff = 80m,
        decimal PassCutoff = 60m,
        decimal Window = 2m,
        double Ratio = 3.0,
        int MinForms = 30,
        int MinAbove = 5);

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } =
        new("L2", "总分在等级分界点上方聚集", "Total scores bunched just above grade cut-offs", "L");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    /// <remarks>All: the rule compares forms of different units; it reads only the total score of each form of a year.</remarks>
    public BatchScope Scope => BatchScope.All;

    /// <inheritdoc />
    public RunSummaries StartRun() =>
        RunSummaries.Of(FormSummary.Header, (forms, _) => Evaluate(forms));

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(IReadOnlyList<EvaluationForm> forms)
    {
        var cutoffs = new[] { _settings.ExcellentCutoff, _settings.GoodCutoff, _settings.PassCutoff }
            .Distinct().Order().ToList();
        var w = _settings.Window;
        foreach (var batch in forms.Where(f => f.TotalScore is not null).GroupBy(f => f.Year).OrderBy(g => g.Key))
        {
            var n = batch.Count();
            if (n < _settings.MinForms)
            {
                continue;
            }

            foreach (var c in cutoffs)
            {
                var above = batch.Where(f => f.TotalScore >= c && f.TotalScore < c + w).ToList();
                var below = batch.Count(f => f.TotalScore >= c - w && f.TotalScore < c);
                if (above.Count < _settings.MinAbove || above.Count < _settings.Ratio * below)
                {
                    continue;
                }

                foreach (var form in FormSeries.Ordered(above))
                {
                    yield return Finding.ForForm(Rule, Severity.Low, form, form.TotalLine,
                        $"总分 {form.TotalScore} 位于等级分界点 {c} 上方 [{c}, {c + w}) 区间：{batch.Key} 年 {n} 份自评表中该区间有 {above.Count} 份，而下方 [{c - w}, {c}) 仅 {below} 份（阈值：上方 ≥ {_settings.Ratio} 倍下方且 ≥ {_settings.MinAbove} 份）",
                        $"Total score {form.TotalScore} sits just above the grade cut-off {c}, in [{c}, {c + w}): of {n} forms of {batch.Key}, {above.Count} are in that window but only {below} in [{c - w}, {c}) (threshold: above ≥ {_settings.Ratio} × below and ≥ {_settings.MinAbove})",
                        [
                            new("score", (double)form.TotalScore!.Value), new("cutoff", (double)c),
                            new("window", (double)w), new("countAbove", above.Count), new("countBelow", below),
                            new("ratio", _settings.Ratio), new("minAbove", _settings.MinAbove), new("n", n),
                        ]);
                }
            }
        }
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.Window, nameof(s.Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.Ratio, 1, nameof(s.Ratio));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinForms, nameof(s.MinForms));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s.MinAbove, nameof(s.MinAbove));
        var cutoffs = new[] { s.PassCutoff, s.GoodCutoff, s.ExcellentCutoff }.Distinct().Order().ToList();
        for (var i = 1; i < cutoffs.Count; i++)
        {
            // Overlapping windows would count one form against two cut-offs.
            ArgumentOutOfRangeException.ThrowIfLessThan(cutoffs[i] - cutoffs[i - 1], 2 * s.Window, nameof(s.Window));
        }

        return s;
    }
}
