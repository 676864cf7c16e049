using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Integrity;

/// <summary>
/// S1 一级指标权重不符或合计≠100: a level-1 block's 权重 differs from the configured weight scheme, a block of the
/// scheme is missing, or the level-1 weights (plus the 预算执行率 分值 of project forms) do not sum to 100.
/// </summary>
/// <remarks>
/// A form is held against the schemes configured for its kind. When several are configured, the one the form
/// matches (or, failing that, the one it differs from least; ties go to the first listed) is used, and its id is
/// named in every finding. Forms without a 权重 column (some project layouts) take a block's weight as Σ 分值 of its
/// rows, so the scheme can still be checked.
/// </remarks>
public sealed class LevelOneWeightMismatch(LevelOneWeightMismatch.Settings settings) : IFormRule
{
    private readonly Settings _settings = Validate(settings);

    /// <param name="Tolerance">ε on weights and on the sum, in points (RULES.md §6: 0.01 pt).</param>
    /// <param name="ExpectedTotal">What the level-1 weights sum to (RULES.md §3 S1: 100).</param>
    public sealed record Settings(decimal Tolerance = 0.01m, decimal ExpectedTotal = 100m)
    {
        /// <summary>
        /// The weight schemes (RULES.md §2, §6 "Level-1 scheme by form type"). Setting this list replaces the
        /// defaults: SH-DEPT (the reference form's 30/25/35/10, source 沪财绩〔2022〕13号 not found) and
        /// MOF-PROJ-2020 (财预〔2020〕10号 Art. 12: 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10).
        /// </summary>
        public IReadOnlyList<WeightScheme> Schemes { get; init; } = DefaultSchemes;
    }

    /// <summary>A level-1 weight scheme.</summary>
    /// <param name="Id">The name findings cite, e.g. SH-DEPT.</param>
    /// <param name="FormKind">The form kind the scheme applies to.</param>
    /// <param name="Weights">权重 by 一级指标 name (e.g. 产出指标: 25).</param>
    /// <param name="BudgetPoints">The 分值 of the 预算执行率 item, filed on the 年度资金总额 budget line of project
    /// forms; null when the scheme has no such item.</param>
    /// <param name="FromYear">First budget year the scheme applies to (财预〔2020〕10号 took effect for 2020); null: any.</param>
    /// <param name="ToYear">Last budget year the scheme applies to; null: open-ended.</param>
    /// <param name="UnitPrefixes">A regional scheme: it applies to units whose name starts with one of these (上海);
    /// null: every region.</param>
    /// <param name="SignatureBlocks">…or to forms that have one of these level-1 blocks, which only this scheme's
    /// framework uses (投入管理指标 for the Shanghai department-wide form).</param>
    public sealed record WeightScheme(
        string Id, FormKind FormKind, IReadOnlyDictionary<string, decimal> Weights, decimal? BudgetPoints = null,
        int? FromYear = null, int? ToYear = null, IReadOnlyList<string>? UnitPrefixes = null,
        IReadOnlyList<string>? SignatureBlocks = null);

    public static IReadOnlyList<WeightScheme> DefaultSchemes { get; } =
    [
        new("SH-DEPT", FormKind.DepartmentOverall, new Dictionary<string, decimal>
        {
            ["投入管理指标"] = 30m, ["产出指标"] = 25m, ["效益指标"] = 35m, ["满意度指标"] = 10m,
        }, UnitPrefixes: ["上海"], SignatureBlocks: ["投入管理指标"]),
        new("MOF-PROJ-2020", FormKind.Project, new Dictionary<string, decimal>
        {
            ["产出指标"] = 50m, ["效益指标"] = 30m, ["满意度指标"] = 10m,
        }, BudgetPoints: 10m, FromYear: 2020),
    ];

    public static RuleInfo Rule { get; } = new("S1", "一级指标权重不符或合计≠100",
        "Level-1 weights off scheme or not summing to 100", "S");

    public RuleInfo Info => Rule;

    /// <inheritdoc />
    public bool NeedsCompleteForm => true;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        if (form.Indicators.Count == 0)
        {
            return [];
        }

        var blocks = IntegrityForms.Blocks(form);
        var fundLine = IntegrityForms.ScoredFundLine(form);
        var findings = new List<Finding>();
        var scheme = ClosestScheme(form, blocks, fundLine);
        var missing = new List<(string Name, decimal Weight)>();
        if (scheme is not null)
        {
            var schemeKey = new KeyValuePair<string, double>("scheme:" + scheme.Id, 1);
            foreach (var block in blocks)
            {
                var weight = WeightOf(block);
                var expected = Expected(scheme, block.Name);
                if (expected is null)
                {
                    findings.Add(Finding.ForForm(Rule, Severity.High, form, block.Line,
                        $"一级指标“{block.Name}”（权重 {weight:0.##}）不在权重方案 {scheme.Id} 中（方案的一级指标：{string.Join("、", scheme.Weights.Keys)}）",
                        $"level-1 block {block.Name} (weight {weight:0.##}) is not part of weight scheme {scheme.Id} ({string.Join(", ", scheme.Weights.Keys)})",
                        [schemeKey, new("weight", (double)weight), new("tolerance", (double)_settings.Tolerance)]));
                }
                else if (Math.Abs(weight - expected.Value) > _settings.Tolerance)
                {
                    var basis = block.Weight is null ? "（表中无权重列，按分值合计）" : string.Empty;
                    var basisEn = block.Weight is null ? " (no 权重 column: Σ 分值 of its rows)" : string.Empty;
                    findings.Add(Finding.ForForm(Rule, Severity.High, form, block.Line,
                        $"一级指标“{block.Name}”权重 {weight:0.##}{basis}，权重方案 {scheme.Id} 规定为 {expected:0.##}（容差 {_settings.Tolerance}）",
                        $"level-1 block {block.Name} has weight {weight:0.##}{basisEn}; weight scheme {scheme.Id} sets {expected:0.##} (tolerance {_settings.Tolerance})",
                        [
                            schemeKey, new("weight", (double)weight), new("expected", (double)expected.Value),
                            new("difference", (double)(weight - expected.Value)),
                            new("tolerance", (double)_settings.Tolerance),
                        ]));
                }
            }

            if (scheme.BudgetPoints is { } budgetPoints)
            {
                var filed = fundLine?.Points;
                if (filed is null || Math.Abs(filed.Value - budgetPoints) > _settings.Tolerance)
                {
                    var shown = filed is null ? "未填" : $"{filed.Value:0.##}";
                    var shownEn = filed is null ? "blank" : $"{filed.Value:0.##}";
                    var label = fundLine?.Category ?? "年度资金总额";
                    findings.Add(Finding.ForForm(Rule, Severity.High, form, fundLine?.Line,
                        $"预算执行率（{label}）分值 {shown}，权重方案 {scheme.Id} 规定为 {budgetPoints:0.##}（容差 {_settings.Tolerance}）",
                        $"budget execution item ({label}) 分值 is {shownEn}; weight scheme {scheme.Id} sets {budgetPoints:0.##} (tolerance {_settings.Tolerance})",
                        [
                            schemeKey, new("points", (double)(filed ?? 0m)), new("expected", (double)budgetPoints),
                            new("tolerance", (double)_settings.Tolerance),
                        ]));
                }
            }

            missing.AddRange(scheme.Weights
                .Where(w => !blocks.Any(b => IntegrityForms.SameName(b.Name, w.Key)))
                .Select(w => (w.Key, w.Value)));
        }

        var sum = blocks.Sum(WeightOf) + (fundLine?.Points ?? 0m);
        var sumOff = Math.Abs(sum - _settings.ExpectedTotal) > _settings.Tolerance;
        if (sumOff || missing.Count > 0)
        {
            findings.Add(FormLevel(form, scheme, sum, sumOff, missing, fundLine));
        }

        return findings;
    }

    private Finding FormLevel(EvaluationForm form, WeightScheme? scheme, decimal sum, bool sumOff,
        List<(string Name, decimal Weight)> missing, BudgetLine? fundLine)
    {
        var parts = new List<string>();
        var partsEn = new List<string>();
        var withFund = fundLine?.Points is not null ? "（含预算执行率分值）" : string.Empty;
        var withFundEn = fundLine?.Points is not null ? " (budget execution 分值 included)" : string.Empty;
        if (sumOff)
        {
            parts.Add(Finding.Invariant(
                $"一级指标权重合计{withFund} {sum:0.##}，应为 {_settings.ExpectedTotal:0.##}（容差 {_settings.Tolerance}）"));
            partsEn.Add(Finding.Invariant(
                $"level-1 weights sum to {sum:0.##}{withFundEn}, expected {_settings.ExpectedTotal:0.##} (tolerance {_settings.Tolerance})"));
        }

        if (missing.Count > 0)
        {
            var names = string.Join("、", missing.Select(m => Finding.Invariant($"{m.Name}（权重 {m.Weight:0.##}）")));
            var namesEn = string.Join(", ", missing.Select(m => Finding.Invariant($"{m.Name} (weight {m.Weight:0.##})")));
            parts.Add($"缺少权重方案 {scheme!.Id} 的一级指标 {names}");
            partsEn.Add($"missing level-1 blocks of weight scheme {scheme.Id}: {namesEn}");
        }

        var evidence = new List<KeyValuePair<string, double>>
        {
            new("sum", (double)sum), new("expectedTotal", (double)_settings.ExpectedTotal),
            new("difference", (double)(sum - _settings.ExpectedTotal)), new("tolerance", (double)_settings.Tolerance),
            new("missingBlocks", missing.Count), new("missingWeight", (double)missing.Sum(m => m.Weight)),
        };
        if (scheme is not null)
        {
            evidence.Add(new("scheme:" + scheme.Id, 1));
        }

        var message = string.Join("；", parts);
        var messageEn = string.Join("; ", partsEn);
        return Finding.ForForm(Rule, Severity.High, form, null, $"{message}", $"{messageEn}", evidence);
    }

    /// <summary>The block's 权重 as filed; Σ 分值 of its rows when the form has no 权重 column.</summary>
    private static decimal WeightOf(Level1Block block) => block.Weight ?? block.PointsSum;

    private static decimal? Expected(WeightScheme scheme, string name) =>
        scheme.Weights.Where(w => IntegrityForms.SameName(w.Key, name)).Select(w => (decimal?)w.Value)
            .FirstOrDefault();

    /// <summary>The scheme of the form's kind the form differs from least (first listed on ties); null if none.</summary>
    private WeightScheme? ClosestScheme(EvaluationForm form, IReadOnlyList<Level1Block> blocks, BudgetLine? fundLine) =>
        _settings.Schemes
            .Where(s => s.FormKind == form.Kind && (s.FromYear is null || form.Year >= s.FromYear)
                && (s.ToYear is null || form.Year <= s.ToYear) && InRegion(s, form, blocks))
            .Select((s, i) => (Scheme: s, Index: i, Differences: Differences(s, blocks, fundLine)))
            .OrderBy(x => x.Differences)
            .ThenBy(x => x.Index)
            .Select(x => x.Scheme)
            .FirstOrDefault();

    /// <summary>A regional scheme applies to its region's units, or to forms built on its own framework.</summary>
    private static bool InRegion(WeightScheme scheme, EvaluationForm form, IReadOnlyList<Level1Block> blocks) =>
        scheme.UnitPrefixes is null
        || scheme.UnitPrefixes.Any(p => form.UnitName.StartsWith(p, StringComparison.Ordinal))
        || (scheme.SignatureBlocks?.Any(sig => blocks.Any(b => IntegrityForms.SameName(b.Name, sig))) ?? false);

    private int Differences(WeightScheme scheme, IReadOnlyList<Level1Block> blocks, BudgetLine? fundLine)
    {
        var count = blocks.Count(b => Expected(scheme, b.Name) is not { } e
            || Math.Abs(WeightOf(b) - e) > _settings.Tolerance);
        count += scheme.Weights.Keys.Count(name => !blocks.Any(b => IntegrityForms.SameName(b.Name, name)));
        if (scheme.BudgetPoints is { } points
            && (fundLine?.Points is not { } filed || Math.Abs(filed - points) > _settings.Tolerance))
        {
            count++;
        }

        return count;
    }

    private static Settings Validate(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Tolerance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.ExpectedTotal);
        ArgumentNullException.ThrowIfNull(settings.Schemes);
        foreach (var scheme in settings.Schemes)
        {
            ArgumentNullException.ThrowIfNull(scheme);
            ArgumentException.ThrowIfNullOrWhiteSpace(scheme.Id);
            ArgumentNullException.ThrowIfNull(scheme.Weights);
            foreach (var weight in scheme.Weights.Values)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(weight);
            }

            if (scheme.BudgetPoints is { } budgetPoints)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(budgetPoints);
            }
        }

        return settings;
    }
}
