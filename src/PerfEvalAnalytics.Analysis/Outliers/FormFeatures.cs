using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Outliers;

/// <summary>One feature of the ML1 vector: its evidence key and its names for messages.</summary>
/// <param name="Key">The key used in evidence (<c>z:Key</c>, <c>x:Key</c>) and in <see cref="OutlierScore.Drivers"/>.</param>
/// <param name="Name">中文名称, using the form's own labels.</param>
/// <param name="NameEn">English name.</param>
/// <param name="MinScale">The smallest robust SD the feature is standardised with: its resolution, the least
/// difference between two forms that means something (1 pp of execution rate, one finding …). Without it a feature
/// on which nearly every form agrees (MAD 0.01 on a share of rows) would turn one extra row into a z of 7 [D].</param>
public sealed record FeatureInfo(string Key, string Name, string NameEn, double MinScale);

/// <summary>
/// The per-form feature vector ML1 (<see cref="PcaOutlierScorer"/>) scores: nine numbers computed from the parsed
/// form and from what the other rules found on it. A value is null when the form gives it no basis (no budget, no
/// quantitative row …); the scorer then uses the batch median, so a missing value never makes a form look odd.
/// </summary>
/// <param name="Form">The form.</param>
/// <param name="ExecutionRate">B/A of the form's overall budget (<see cref="Budget.Of"/>), as a fraction.</param>
/// <param name="ExactHitShare">Share of the uncapped quantitative rows whose 全年完成值 equals the 年度指标值 exactly.</param>
/// <param name="QualitativeShare">Share of the indicator rows whose 年度指标值 is qualitative (定性).</param>
/// <param name="ExplanationCoverage">Share of the missed or under-scored rows with a 偏差及原因分析 that is not
/// blank (<see cref="Explanations.IsBlank"/>); 1 when no row is missed or under-scored.</param>
/// <param name="ScoreRatio">总分 得分 / 分值 as filed.</param>
/// <param name="FullMarksShare">Share of the scored rows (分值 &gt; 0, 得分 filed) at full marks.</param>
/// <param name="MedianCompletion">Median completion ratio q of the quantitative rows, each capped at the cap.</param>
/// <param name="HighFindings">High findings the other rules produced for the form.</param>
/// <param name="MediumFindings">Medium findings the other rules produced for the form.</param>
public sealed record FormFeatures(
    FormRef Form,
    double? ExecutionRate,
    double? ExactHitShare,
    double? QualitativeShare,
    double ExplanationCoverage,
    double? ScoreRatio,
    double? FullMarksShare,
    double? MedianCompletion,
    int HighFindings,
    int MediumFindings)
{
    /// <summary>The number of features.</summary>
    public const int Count = 9;

    /// <summary>Resolution of a rate: 1 percentage point [D].</summary>
    private const double RateResolution = 0.01;

    /// <summary>Resolution of a share of rows: 10 pp, one row of a 10-row form [D].</summary>
    private const double ShareResolution = 0.1;

    /// <summary>Resolution of a completion ratio: 0.1, a tenth of the target [D].</summary>
    private const double RatioResolution = 0.1;

    /// <summary>Resolution of a count of findings: one finding (the "MAD 0 → 1" rule).</summary>
    private const double CountResolution = 1;

    /// <summary>The features in vector order, with their keys, names and resolutions.</summary>
    public static IReadOnlyList<FeatureInfo> Features { get; } =
    [
        new("executionRate", "执行率（全年执行数/全年预算数）", "execution rate B/A", RateResolution),
        new("exactHitShare", "全年完成值恰等于年度指标值的占比", "share of uncapped quantitative rows hit exactly",
            ShareResolution),
        new("qualitativeShare", "定性年度指标值占比", "share of rows with qualitative targets", ShareResolution),
        new("explanationCoverage", "未完成或扣分指标的偏差及原因分析填写率",
            "explanation coverage of missed or under-scored rows", ShareResolution),
        new("scoreRatio", "得分率（总分得分/分值）", "total score / total points", RateResolution),
        new("fullMarksShare", "满分指标（得分=分值）占比", "share of rows at full marks", ShareResolution),
        new("medianCompletion", "完成比中位数（全年完成值/年度指标值）", "median completion ratio q", RatioResolution),
        new("highFindings", "高严重度问题数", "number of High findings", CountResolution),
        new("mediumFindings", "中严重度问题数", "number of Medium findings", CountResolution),
    ];

    /// <summary>The feature called <paramref name="key"/>.</summary>
    public static FeatureInfo Describe(string key) =>
        Features.FirstOrDefault(f => f.Key == key)
        ?? throw new ArgumentException($"unknown ML1 feature '{key}'", nameof(key));

    /// <summary>The values in the order of <see cref="Features"/>; null where the form gives no basis.</summary>
    public IReadOnlyList<double?> Values() =>
    [
        ExecutionRate, ExactHitShare, QualitativeShare, ExplanationCoverage, ScoreRatio, FullMarksShare,
        MedianCompletion, HighFindings, MediumFindings,
    ];

    /// <summary>The features of every form, with the findings matched to their forms.</summary>
    /// <param name="forms">The batch.</param>
    /// <param name="findings">What the other rules found (findings of the ML family itself are ignored).</param>
    /// <param name="completionCap">The cap on each row's q before the median (a 10× over-achievement counts as the cap).</param>
    public static IReadOnlyList<FormFeatures> Of(IReadOnlyList<EvaluationForm> forms, IReadOnlyList<Finding> findings,
        double completionCap) =>
        WithFindings(forms.Select(form => Of(form, [], completionCap)).ToList(), findings);

    /// <summary>
    /// The features with the finding counts filled in from <paramref name="findings"/> (findings of the ML family
    /// itself are ignored): features computed as forms stream past, completed once every other rule has run.
    /// </summary>
    public static IReadOnlyList<FormFeatures> WithFindings(IReadOnlyList<FormFeatures> features,
        IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(features);
        var byForm = CountFindings(findings);
        return features.Select(f => byForm.Of(f.Form) is { } own and not (0, 0)
                ? f with { HighFindings = f.HighFindings + own.High, MediumFindings = f.MediumFindings + own.Medium }
                : f)
            .ToList();
    }

    /// <summary>The High and Medium findings per form (findings of the ML family itself are ignored), counted in one
    /// pass keeping two numbers per form that has any: the findings may come from disk, more than fit in memory.</summary>
    public static FindingCounts CountFindings(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var byForm = new FindingCounts();
        foreach (var f in findings)
        {
            if (f.Rule.Family == PcaOutlierScorer.Rule.Family || f.Severity is not (Severity.High or Severity.Medium))
            {
                continue;
            }

            byForm.Add(f.Form, f.Severity == Severity.High);
        }

        return byForm;
    }

    /// <summary>The features of one form.</summary>
    /// <param name="form">The form.</param>
    /// <param name="findings">What the other rules found on this form.</param>
    /// <param name="completionCap">The cap on each row's q before the median.</param>
    public static FormFeatures Of(EvaluationForm form, IEnumerable<Finding> findings, double completionCap)
    {
        var rows = form.Indicators.Select(RowAssessment.Of).ToList();
        var uncapped = rows.Where(r => r.IsQuantitative && !r.IsCapped).ToList();
        var scored = rows.Where(r => r.Row is { Points: > 0m, Score: not null }).ToList();
        var needExplanation = rows
            .Where(r => r.Outcome == RowOutcome.Missed || (r.Row is { Points: > 0m, Score: not null } && !r.FullMarks))
            .ToList();
        var ratios = rows.Where(r => r.CompletionRatio is not null)
            .Select(r => Math.Min(r.CompletionRatio!.Value, completionCap))
            .ToList();
        var own = findings.Where(f => f.Rule.Family != PcaOutlierScorer.Rule.Family).ToList();

        return new FormFeatures(
            FormRef.Of(form),
            Budget.Of(form)?.ExecutionRate,
            Share(uncapped, r => r.ExactHit),
            Share(rows, r => r.Row.Target.Kind == ValueKind.Qualitative),
            Share(needExplanation, r => !Explanations.IsBlank(r.Row.Explanation)) ?? 1,
            form is { TotalPoints: > 0m, TotalScore: not null }
                ? (double)(form.TotalScore.Value / form.TotalPoints.Value)
                : null,
            Share(scored, r => r.FullMarks),
            ratios.Count == 0 ? null : RobustStats.Median(ratios),
            own.Count(f => f.Severity == Severity.High),
            own.Count(f => f.Severity == Severity.Medium));
    }

    private static double? Share(List<RowAssessment> rows, Func<RowAssessment, bool> predicate) =>
        rows.Count == 0 ? null : (double)rows.Count(predicate) / rows.Count;
}

/// <summary>
/// High and Medium findings per form, each form under the first 128 bits of a SHA-256 of its identity (unit, year,
/// kind, project, file; each text's length first, so no two identities give the same text): 16 bytes of key per form
/// with findings, not its texts, which a run's findings read back from disk would otherwise keep alive per form.
/// Two forms of a run share a key with a probability below 10^-26 at a million forms.
/// </summary>
public sealed class FindingCounts
{
    private readonly Dictionary<UInt128, (int High, int Medium)> _counts = [];

    /// <summary>Forms with at least one counted finding.</summary>
    public int Count => _counts.Count;

    /// <summary>Counts one finding of <paramref name="form"/>: High when <paramref name="high"/>, else Medium.</summary>
    public void Add(FormRef form, bool high)
    {
        var key = KeyOf(form);
        var (h, m) = _counts.GetValueOrDefault(key);
        _counts[key] = high ? (h + 1, m) : (h, m + 1);
    }

    /// <summary>The form's counts; (0, 0) when it has none.</summary>
    public (int High, int Medium) Of(FormRef form) => _counts.GetValueOrDefault(KeyOf(form));

    private static UInt128 KeyOf(FormRef form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{form.Unit.Length}:{form.Unit}|{form.Year}|{(int)form.Kind}|{(form.Project is null ? -1 : form.Project.Length)}:{form.Project}|{form.FileName}");
        Span<byte> digest = stackalloc byte[System.Security.Cryptography.SHA256.HashSizeInBytes];
        System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
