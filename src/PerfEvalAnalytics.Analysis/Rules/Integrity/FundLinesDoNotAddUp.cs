using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S7 资金来源分项之和≠年度资金总额: the budget block's lines do not add up. Project forms: 年度资金总额 against the
/// sum of the other lines (当年财政拨款 / 上年结转 / 其他资金), for 年初预算数, 全年预算数 and 全年执行数.
/// Department-wide forms: the 资金来源 group total against the 资金结构 group total, for 全年预算数 and 全年执行数.
/// </summary>
/// <remarks>
/// A blank cell among the parts counts as 0 (上年结转 is often left blank); a column is compared only when the total
/// (or both groups) and at least one part carry a figure. All columns of one comparison go into one finding.
/// </remarks>
public sealed class FundLinesDoNotAddUp(FundLinesDoNotAddUp.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">Allowed difference in the form's amount unit (元 or 万元) (RULES.md §3 S7: 0.01).</param>
    /// <param name="SourceGroup">The group label of the funding-source lines on department-wide forms.</param>
    /// <param name="StructureGroup">The group label of the spending-structure lines on department-wide forms.</param>
    public sealed record Settings(decimal Tolerance = 0.01m, string SourceGroup = "资金来源",
        string StructureGroup = "资金结构");

    public static RuleInfo Rule { get; } = new("S7", "资金来源分项之和≠年度资金总额", "Fund rows do not add up", "S");

    public RuleInfo Info => Rule;

    private static readonly (string Label, string Key, Func<BudgetLine, decimal?> Value)[] Columns =
    [
        ("年初预算数", "A0", b => b.InitialBudget),
        ("全年预算数", "A", b => b.AnnualBudget),
        ("全年执行数", "B", b => b.Executed),
    ];

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var finding = form.Kind == FormKind.Project ? ProjectTotals(form) : DepartmentGroups(form);
        return finding is null ? [] : [finding];
    }

    private Finding? ProjectTotals(EvaluationForm form)
    {
        var total = form.BudgetLines.FirstOrDefault(b => Budget.IsTotal(b.Category));
        var parts = form.BudgetLines.Where(b => !Budget.IsTotal(b.Category)).ToList();
        if (total is null || parts.Count == 0)
        {
            return null;
        }

        var partNames = string.Join("+", parts.Select(p => p.Category));
        return Compare(form, total.Line, total.Category, partNames, "total", "parts",
            column => column(total), column => SumOf(parts, column));
    }

    private Finding? DepartmentGroups(EvaluationForm form)
    {
        var sources = form.BudgetLines.Where(b => b.Group == _settings.SourceGroup).ToList();
        var structure = form.BudgetLines.Where(b => b.Group == _settings.StructureGroup).ToList();
        if (sources.Count == 0 || structure.Count == 0)
        {
            return null;
        }

        return Compare(form, structure[0].Line, _settings.SourceGroup + "合计", _settings.StructureGroup + "合计",
            "sources", "structure", column => SumOf(sources, column), column => SumOf(structure, column),
            initialBudget: false);
    }

    private Finding? Compare(EvaluationForm form, int line, string leftName, string rightName, string leftKey,
        string rightKey, Func<Func<BudgetLine, decimal?>, decimal?> left, Func<Func<BudgetLine, decimal?>, decimal?> right,
        bool initialBudget = true)
    {
        var evidence = new List<KeyValuePair<string, double>> { new("tolerance", (double)_settings.Tolerance) };
        var off = new List<string>();
        var offEn = new List<string>();
        foreach (var (label, key, value) in Columns)
        {
            if ((!initialBudget && key == "A0") || left(value) is not { } l || right(value) is not { } r)
            {
                continue;
            }

            var difference = l - r;
            evidence.AddRange([
                new($"{leftKey}.{key}", (double)l), new($"{rightKey}.{key}", (double)r),
                new($"difference.{key}", (double)difference),
            ]);
            if (Math.Abs(difference) > _settings.Tolerance)
            {
                off.Add(Finding.Invariant($"{label}：{leftName} {l:#,0.00}，{rightName} {r:#,0.00}，差 {difference:#,0.00}"));
                offEn.Add(Finding.Invariant($"{label} ({key}): {leftName} {l:#,0.00} vs {rightName} {r:#,0.00}, off by {difference:#,0.00}"));
            }
        }

        if (off.Count == 0)
        {
            return null;
        }

        var unit = form.AmountUnit ?? string.Empty;
        var message = string.Join("；", off);
        var messageEn = string.Join("; ", offEn);
        return Finding.ForForm(Rule, Severity.High, form, line,
            $"资金分项不相加：{message}（容差 {_settings.Tolerance}{unit}）",
            $"fund lines do not add up: {messageEn} (tolerance {_settings.Tolerance} {unit})", evidence);
    }

    /// <summary>Σ of a column over lines; blanks count as 0; null when every line is blank.</summary>
    private static decimal? SumOf(List<BudgetLine> lines, Func<BudgetLine, decimal?> column) =>
        lines.Any(b => column(b) is not null) ? lines.Sum(b => column(b) ?? 0m) : null;

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.SourceGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.StructureGroup);
        return settings;
    }
}
