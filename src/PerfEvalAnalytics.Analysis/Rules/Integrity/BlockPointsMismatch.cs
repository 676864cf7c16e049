using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S2 下级指标分值合计≠上级分值: the 分值 of the rows of a level-1 block do not sum to the block's 权重.
/// </summary>
/// <remarks>
/// Rows are taken in the block the parser assigned them to (including rows placed by the standard framework after a
/// page break, <see cref="Level1Basis.Framework"/>). Blocks without a stated 权重 (forms without a 权重 column) have
/// nothing to compare against and are left to S1.
/// </remarks>
public sealed class BlockPointsMismatch(BlockPointsMismatch.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">ε on the block sum, in points (RULES.md §6: 0.01 pt).</param>
    public sealed record Settings(decimal Tolerance = 0.01m);

    public static RuleInfo Rule { get; } = new("S2", "下级指标分值合计≠上级分值",
        "Child points do not sum to the level-1 weight", "S");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var block in IntegrityForms.Blocks(form))
        {
            if (block.Weight is not { } weight)
            {
                continue;
            }

            var sum = block.PointsSum;
            var difference = sum - weight;
            if (Math.Abs(difference) <= _settings.Tolerance)
            {
                continue;
            }

            var first = block.Rows[0].Line;
            var last = block.Rows[^1].Line;
            yield return Finding.ForForm(Rule, Severity.High, form, block.Line,
                $"一级指标“{block.Name}”下 {block.Rows.Count} 行（第 {first}–{last} 行）分值合计 {sum:0.##}，应等于其权重 {weight:0.##}，差 {difference:0.##}（容差 {_settings.Tolerance}）",
                $"the {block.Rows.Count} rows of level-1 block {block.Name} (lines {first}-{last}) have 分值 summing to {sum:0.##}, expected its weight {weight:0.##}, off by {difference:0.##} (tolerance {_settings.Tolerance})",
                [
                    new("sum", (double)sum), new("weight", (double)weight), new("difference", (double)difference),
                    new("rows", block.Rows.Count), new("tolerance", (double)_settings.Tolerance),
                ]);
        }
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        return settings;
    }
}
