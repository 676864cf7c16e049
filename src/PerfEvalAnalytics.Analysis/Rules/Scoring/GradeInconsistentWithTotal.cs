using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>
/// C5 自评等级与总分不符: the 自评等级 filed (优/良/中/差) is not the grade the 总分 falls in under the configured
/// band table (national 90/80/60, 财预〔2020〕10号 Art. 26; a provincial variant uses 80/70/60).
/// </summary>
public sealed class GradeInconsistentWithTotal(GradeInconsistentWithTotal.Settings settings) : IFormRule
{
    /// <param name="ExcellentMin">Lowest 总分 graded 优 (Art. 26 "90（含）-100分为优"; provincial variant 80;
    /// RULES.md §6 "Grade bands").</param>
    /// <param name="GoodMin">Lowest 总分 graded 良 (Art. 26: 80; provincial variant 70).</param>
    /// <param name="FairMin">Lowest 总分 graded 中; below it 差 (Art. 26: 60).</param>
    public sealed record Settings(decimal ExcellentMin = 90m, decimal GoodMin = 80m, decimal FairMin = 60m);

    private readonly Settings _settings = Validated(settings);

    public static RuleInfo Rule { get; } = new("C5", "自评等级与总分不符", "Grade label inconsistent with total", "C");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        if (form.TotalScore is not { } total || Normalize(form.Grade) is not { } filed)
        {
            yield break;
        }

        var expected = total >= _settings.ExcellentMin ? "优"
            : total >= _settings.GoodMin ? "良"
            : total >= _settings.FairMin ? "中"
            : "差";
        if (filed == expected)
        {
            yield break;
        }

        yield return Finding.ForForm(Rule, Severity.Medium, form, form.TotalLine,
            $"自评等级填报“{form.Grade}”，但总分得分 {total} 按等级标准（优 ≥ {_settings.ExcellentMin}，良 ≥ {_settings.GoodMin}，中 ≥ {_settings.FairMin}，其下为差）应为“{expected}”",
            $"grade filed \"{form.Grade}\" but the total score {total} falls in \"{expected}\" under the band table (优 ≥ {_settings.ExcellentMin}, 良 ≥ {_settings.GoodMin}, 中 ≥ {_settings.FairMin}, else 差)",
            [
                new("total", (double)total), new("filedGrade", Rank(filed)), new("expectedGrade", Rank(expected)),
                new("excellentMin", (double)_settings.ExcellentMin), new("goodMin", (double)_settings.GoodMin),
                new("fairMin", (double)_settings.FairMin),
            ]);
    }

    /// <summary>The grade a label names (优秀 → 优, 良好 → 良, 中等/合格 → 中, 较差/不合格 → 差); null when unknown.</summary>
    private static string? Normalize(string? grade)
    {
        var text = grade?.Trim() ?? string.Empty;
        return text switch
        {
            _ when text.StartsWith('优') => "优",
            _ when text.StartsWith('良') => "良",
            _ when text.StartsWith('中') || text == "合格" => "中",
            _ when text.StartsWith('差') || text is "较差" or "不合格" => "差",
            _ => null,
        };
    }

    /// <summary>Grades as numbers for the evidence: 优 4, 良 3, 中 2, 差 1.</summary>
    private static double Rank(string grade) => grade switch
    {
        "优" => 4,
        "良" => 3,
        "中" => 2,
        _ => 1,
    };

    private static Settings Validated(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s.FairMin, nameof(Settings.FairMin));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(s.GoodMin, s.FairMin, nameof(Settings.GoodMin));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(s.ExcellentMin, s.GoodMin, nameof(Settings.ExcellentMin));
        return s;
    }
}
