using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>S3 得分&gt;分值或得分&lt;0: a row's (or budget line's) 得分 exceeds its 分值, or is negative.</summary>
public sealed class ScoreOutOfRange(ScoreOutOfRange.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">ε a 得分 may exceed its 分值 by, in points (RULES.md §6: 0.01 pt).</param>
    public sealed record Settings(decimal Tolerance = 0.01m);

    public static RuleInfo Rule { get; } = new("S3", "得分>分值或得分<0", "Score above points or negative", "S");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            if (Problem(row.Points, row.Score) is { } problem)
            {
                var (message, messageEn) = Describe(row.DisplayName, row.Points, row.Score!.Value, problem);
                yield return Finding.ForRow(Rule, Severity.High, form, row, $"{message}", $"{messageEn}",
                    Evidence(row.Points, row.Score.Value));
            }
        }

        foreach (var line in form.BudgetLines)
        {
            if (Problem(line.Points, line.Score) is { } problem)
            {
                var (message, messageEn) = Describe(line.Category, line.Points, line.Score!.Value, problem);
                yield return Finding.ForForm(Rule, Severity.High, form, line.Line, $"{message}", $"{messageEn}",
                    Evidence(line.Points, line.Score.Value));
            }
        }
    }

    private enum Kind
    {
        AbovePoints,
        Negative,
    }

    private Kind? Problem(decimal? points, decimal? score) => score switch
    {
        null => null,
        < 0m => Kind.Negative,
        _ when points is { } p && score.Value > p + _settings.Tolerance => Kind.AbovePoints,
        _ => null,
    };

    private (string Message, string MessageEn) Describe(string name, decimal? points, decimal score, Kind kind) =>
        kind == Kind.Negative
            ? (Finding.Invariant($"“{name}”得分 {score} 为负数，得分应在 0 与分值 {points} 之间"),
                Finding.Invariant($"{name}: 得分 {score} is negative; a score lies between 0 and its 分值 {points}"))
            : (Finding.Invariant($"“{name}”得分 {score} 大于分值 {points}（容差 {_settings.Tolerance}）"),
                Finding.Invariant($"{name}: 得分 {score} exceeds its 分值 {points} (tolerance {_settings.Tolerance})"));

    private KeyValuePair<string, double>[] Evidence(decimal? points, decimal score) =>
    [
        new("score", (double)score), new("points", (double)(points ?? 0m)),
        new("excess", points is { } p ? (double)(score - p) : 0), new("tolerance", (double)_settings.Tolerance),
    ];

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        return settings;
    }
}
