using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Targets;

/// <summary>
/// T6 缺少成本/满意度等必备维度: a level-1 block (一级指标) carries a 权重 but has no indicator under it (Medium); or a
/// form of a kind that must measure cost has no 成本指标 under 产出指标 (Low).
/// </summary>
/// <remarks>
/// A block "has no indicator" when every row filed under it is a bare placeholder (no 二级/三级指标, blank 年度指标值 and
/// 全年完成值), e.g. a 满意度指标 label row carrying only 分值 and 得分. The cost check applies only to the form kinds in
/// <see cref="Settings.CostRequiredFor"/>: 财预〔2020〕10号 Art. 12 lists 成本 among the 产出 dimensions of project
/// spending, while department-wide schemes such as Shanghai's (沪财绩【2022】13号) do not require it.
/// </remarks>
public sealed class MissingIndicatorCategories : IFormRule
{
    private const string Cost = "成本";

    private readonly Settings _settings;

    public MissingIndicatorCategories(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(settings.CostRequiredFor, nameof(settings.CostRequiredFor));
        _settings = settings;
    }

    /// <summary>Settings of T6.</summary>
    public sealed record Settings
    {
        /// <summary>
        /// The form kinds that must have a 成本指标 under 产出指标 (default: Project only; 财预〔2020〕10号 Art. 12 for
        /// project spending; department-wide schemes such as SH-DEPT do not require it, RULES.md §2).
        /// </summary>
        public IReadOnlyList<FormKind> CostRequiredFor { get; init; } = [FormKind.Project];
    }

    public static RuleInfo Rule { get; } =
        new("T6", "缺少成本/满意度等必备维度", "Missing indicator categories", "T");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var block in form.Indicators.GroupBy(r => r.Level1))
        {
            var rows = block.ToList();
            var weight = rows.Max(r => r.Level1Weight);
            if (weight is not > 0m || !rows.All(IsPlaceholder))
            {
                continue;
            }

            yield return Finding.ForForm(Rule, Severity.Medium, form, rows[0].Line,
                $"一级指标 {block.Key} 权重 {weight} 分，但其下没有任何二级/三级指标（第 {rows[0].Line} 行起只有分值/得分），得分缺乏依据",
                $"一级指标 {block.Key} carries a weight of {weight} but has no indicator under it (from line {rows[0].Line} only 分值/得分 are filed): its score has no basis",
                [new("weight", (double)weight.Value), new("rows", rows.Count), new("indicatorRows", 0)]);
        }

        if (!_settings.CostRequiredFor.Contains(form.Kind))
        {
            yield break;
        }

        var output = form.Indicators.Where(IndicatorBlocks.IsOutput).ToList();
        if (output.Count == 0 || output.Any(r => r.Level2?.Contains(Cost, StringComparison.Ordinal) ?? false))
        {
            yield break;
        }

        yield return Finding.ForForm(Rule, Severity.Low, form, null,
            $"产出指标下 {output.Count} 项指标均不属于成本指标（二级指标无“成本”），缺少成本维度（财预〔2020〕10号第十二条：产出数量、质量、时效、成本）",
            $"None of the {output.Count} 产出指标 rows is a 成本指标 (no 二级指标 containing 成本): the cost dimension is missing",
            [new("outputRows", output.Count), new("costRows", 0)]);
    }

    private static bool IsPlaceholder(IndicatorRow row) =>
        row is { Name: null, Level2: null } && row.Target.Kind == ValueKind.Empty && row.Actual.Kind == ValueKind.Empty;
}
