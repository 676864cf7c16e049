using System.Globalization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Generator;

/// <summary>
/// Injects one anomaly into a clean form, exactly what the rule of the same code detects (see
/// src/PerfEvalAnalytics.Analysis/Rules/**), and records the label of every rule the change makes fire.
/// Each kind keeps the rest of the form consistent (totals, fund lines, block sums), so that only the intended
/// rules fire.
/// </summary>
internal static class Injector
{
    /// <summary>Every form-level kind; the unit-wide L1/L4 and series-wide L3/M2 are planned separately.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10",
        "C1", "C2", "C3", "C4",
        "E1", "E2", "E3", "E4", "E5",
        "T1", "T2", "T3", "T4", "T5", "T6", "T7",
        "M1", "X1", "X2", "X3",
        "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7",
    ];

    private const string CopiedText = "受客观因素影响，部分工作推进不及预期，下一步将加强统筹调度。";

    private static readonly string[] BudgetTerms = ["执行", "预算", "资金", "经费", "支出"];

    private static readonly string[] Boilerplate = ["效果良好", "达到预期", "已按计划完成", "工作正常推进"];

    public static bool Applies(string kind, FormKind formKind, int yearIndex, bool priorClean) => kind switch
    {
        "S2" => formKind == FormKind.DepartmentOverall,
        // T1 on a department form (20+ exact hits) would also tip the unit's completion ratios into L1.
        "S6" or "E2" or "T6" or "X1" or "X2" or "T1" => formKind == FormKind.Project,
        "T2" or "T3" or "T7" or "X3" => yearIndex >= 1 && priorClean,
        _ => true,
    };

    public static bool Inject(Random random, string kind, GenForm form, GenForm? prior,
        List<(GenRow? Row, string Rule)> labels)
    {
        var project = form.Kind == FormKind.Project;
        switch (kind)
        {
            case "S1":
            {
                // Move points between level-1 blocks: the weights leave the scheme, the sum stays 100.
                var delta = project ? 5m : 1m;
                var from = Pick(random, form, r => r.Level1 == IndicatorCatalog.Benefit && r.FullMarks
                    && !r.Missed && r.Points > delta + 1m);
                var to = Pick(random, form, r => r.Level1 == IndicatorCatalog.Output && r.FullMarks && !r.Missed);
                if (from is null || to is null)
                {
                    return false;
                }

                from.Points -= delta;
                from.Score = from.Points;
                to.Points += delta;
                to.Score = to.Points;
                if (form.Weights is { } weights)
                {
                    weights[IndicatorCatalog.Benefit] -= delta;
                    weights[IndicatorCatalog.Output] += delta;
                }

                labels.Add((null, "S1"));
                return true;
            }

            case "S2":
            {
                var row = Pick(random, form, r => r.Level1 == IndicatorCatalog.Output && r.FullMarks && !r.Missed
                    && r.Points >= 1m);
                if (row is null)
                {
                    return false;
                }

                row.Points -= 0.5m;
                row.Score = row.Points;
                labels.Add((null, "S2"));
                return true;
            }

            case "S3":
            {
                var row = Pick(random, form, r => r.IsQuantitative && !r.Missed && r.Points >= 1m);
                if (row is null)
                {
                    return false;
                }

                row.Score = row.Points + 1m;
                labels.Add((row, "S3"));
                labels.Add((row, "C1"));
                return true;
            }

            case "S4":
            {
                var sum = form.SumScore;
                form.TotalScoreOverride = sum + (sum <= 97m ? 2.5m : -2.5m);
                labels.Add((null, "S4"));
                return true;
            }

            case "S5":
            {
                var line = form.Budget[0];
                line.RateOverride = line.Rate + Math.Round(Uniform(random, 1.5, 5.0), 2);
                labels.Add((null, "S5"));
                return true;
            }

            case "S6":
            {
                // Full 10 points at a rate of 90.5–94%: 分值 × rate is 9.05–9.4, so 10 is neither that score rounded
                // nor truncated (S6 accepts a whole-number score that is), and the rate stays above E2's 90%.
                var fund = form.FundLine!;
                fund.Executed = Math.Round(fund.Annual * Uniform(random, 0.905, 0.94), 2);
                SyncProjectParts(form);
                form.Achieved = Wording.Achieved_(random, form.Year, form.ExecutionRate * 100m, 5 + random.Next(5));
                fund.Score = fund.Points;
                labels.Add((null, "S6"));
                return true;
            }

            case "S7":
            {
                if (project)
                {
                    // Parts above the total, so that no part is overspent (rule S8).
                    var part = form.Budget[1];
                    part.Annual = Math.Round(part.Annual * 1.05m, 2);
                    part.Initial = part.Initial is { } a0 ? Math.Round(a0 * 1.05m, 2) : null;
                }
                else
                {
                    var structure = form.Budget.First(b => b.Group == TsvFormWriter.StructureGroup && b.Label == "项目支出");
                    structure.Executed = Math.Round(structure.Executed * 0.97m, 2);
                }

                labels.Add((null, "S7"));
                return true;
            }

            case "S8":
            {
                if (project)
                {
                    var fund = form.FundLine!;
                    fund.Executed = Math.Round(fund.Annual * Uniform(random, 1.03, 1.08), 2);
                    fund.Score = fund.Points;
                    SyncProjectParts(form);
                }
                else
                {
                    var finance = form.Budget[0];
                    var extra = Math.Round(finance.Annual * 1.04m, 2) - finance.Executed;
                    finance.Executed += extra;
                    form.Budget.First(b => b.Label == "项目支出").Executed += extra;
                }

                // Fully spent: outputs missed by the majority would be rule X1's other signal.
                MeetOutputs(random, form);

                labels.Add((null, "S8"));
                return true;
            }

            case "S9":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Count && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.TargetText = Inv($"≥{row.Target:0}");
                row.ActualText = Inv($"{row.Actual:0}");
                labels.Add((row, "S9"));
                return true;
            }

            case "S10":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Qualitative && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.ActualText = Wording.Pick(random, ["良好", "较好", "基本实现", "有效"]);
                labels.Add((row, "S10"));
                return true;
            }

            case "C1":
            {
                var row = MissedRow(random, form, 0.8m);
                if (row is null || row.Points < 2m)
                {
                    return false;
                }

                var proportional = row.Score;
                row.Score = Math.Round(Math.Min(row.Points - 0.05m, proportional + (row.Points * 0.12m)), 2);
                labels.Add((row, "C1"));
                return true;
            }

            case "C2":
            {
                var row = MissedRow(random, form, 0.85m);
                if (row is null)
                {
                    return false;
                }

                row.Score = row.Points;
                labels.Add((row, "C2"));
                labels.Add((row, "C1"));
                return true;
            }

            case "C3":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Qualitative && !r.Missed && r.Points >= 1m);
                if (row is null)
                {
                    return false;
                }

                row.Score = Math.Round(row.Points * 0.5m, 2);
                row.Explanation = Wording.Explanation(random, row, string.Empty, string.Empty);
                labels.Add((row, "C3"));
                return true;
            }

            case "C4":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Count && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.Actual = Math.Ceiling(row.Target * Uniform(random, 1.45, 1.9));
                labels.Add((row, "C4"));
                return true;
            }

            case "E1":
            {
                var row = MissedRow(random, form, 0.8m);
                if (row is null)
                {
                    return false;
                }

                row.Explanation = Wording.Pick(random, [string.Empty, "无", "/"]);
                labels.Add((row, "E1"));
                return true;
            }

            case "E2":
            {
                if (form.Rows.Any(r => r.Explanation is not null && BudgetWords(r)))
                {
                    return false;
                }

                var fund = form.FundLine!;
                fund.Executed = Math.Round(fund.Annual * Uniform(random, 0.7, 0.85), 2);
                fund.Score = Math.Round(10m * fund.Executed / fund.Annual, 2, MidpointRounding.AwayFromZero);
                SyncProjectParts(form);
                form.Achieved = Wording.Achieved_(random, form.Year, form.ExecutionRate * 100m, 5 + random.Next(5));
                labels.Add((null, "E2"));
                return true;
            }

            case "E3":
            {
                var row = MissedRow(random, form, 0.85m);
                if (row is null)
                {
                    return false;
                }

                row.Explanation = Wording.Pick(random, Boilerplate);
                labels.Add((row, "E3"));
                return true;
            }

            case "E4":
            {
                var rows = form.Rows.Where(r => r.Shape is Shape.Count or Shape.Rate && !r.Missed)
                    .OrderBy(_ => random.Next()).Take(3).ToList();
                if (rows.Count < 3)
                {
                    return false;
                }

                foreach (var row in rows)
                {
                    CorpusGenerator.Miss(random, row, Uniform(random, 0.8, 0.9), UnitMode.None);
                    row.Explanation = CopiedText;
                    labels.Add((row, "E4"));
                }

                return true;
            }

            case "E5":
            {
                var row = Pick(random, form, r => r.IsQuantitative && !r.Missed && !r.IsCapped);
                if (row is null)
                {
                    return false;
                }

                row.Explanation = Wording.ClaimsMiss(random, row);
                labels.Add((row, "E5"));
                return true;
            }

            case "T1":
            {
                var rows = form.Rows.Where(r => r.IsQuantitative && !r.IsCapped && r.Shape != Shape.Reverse).ToList();
                foreach (var row in rows)
                {
                    row.Actual = row.Target;
                    row.Score = row.Points;
                    row.Missed = false;
                    row.Explanation = null;
                }

                labels.Add((null, "T1"));
                return true;
            }

            case "T2":
            {
                var row = Pick(random, form, r => r.Shape is Shape.Count or Shape.Rate && !r.Missed
                    && PriorRow(prior, r) is { ActualText: null, TargetText: null });
                if (row is null)
                {
                    return false;
                }

                var priorActual = PriorRow(prior, row)!.Actual;
                row.Target = row.Shape == Shape.Count ? Math.Floor(priorActual * 0.82m) : Math.Round(priorActual * 0.82m, 1);
                row.Actual = row.Shape == Shape.Count ? Math.Ceiling(row.Target * 1.05m) : Math.Round(row.Target * 1.05m, 2);
                labels.Add((row, "T2"));
                return true;
            }

            case "T3":
            {
                // Last year over-achieved this count row by 25% (set when last year was built); keep its target.
                var row = Pick(random, form, r => r.Shape == Shape.Count
                    && PriorRow(prior, r) is { } p && p.Actual >= p.Target * 1.2m);
                if (row is null)
                {
                    return false;
                }

                var p = PriorRow(prior, row)!;
                row.Target = p.Target;
                CorpusGenerator.Meet(random, row, UnitMode.None, SeriesMode.None);
                labels.Add((row, "T3"));
                labels.Add((row, "T2"));
                return true;
            }

            case "T4":
            {
                var row = form.Rows.FirstOrDefault(r => r.Shape == Shape.Satisfaction);
                if (row is null)
                {
                    return false;
                }

                row.Target = 75m;
                row.Actual = Math.Round(Uniform(random, 95.2, 97.2), 1); // below q = 1.3 (rule C4)
                row.Score = row.Points;
                row.Missed = false;
                row.Explanation = null;
                labels.Add((row, "T4"));
                if (PriorRow(prior, row) is { ActualText: null } p && row.Target < p.Actual * 0.95m)
                {
                    labels.Add((row, "T2"));
                }

                return true;
            }

            case "T5":
            {
                var outputs = form.Rows.Where(r => r.Level1 == IndicatorCatalog.Output).ToList();
                var convert = outputs.Where(r => r.Shape is Shape.Count or Shape.Rate).OrderBy(_ => random.Next())
                    .Take((outputs.Count / 2) + 1).ToList();
                if (convert.Count + outputs.Count(r => r.Shape == Shape.Qualitative) <= outputs.Count / 2)
                {
                    return false;
                }

                foreach (var row in convert)
                {
                    row.TargetText = Wording.Pick(random, ["有效提升", "按要求完成", "稳步推进", "明显改善"]);
                    row.ActualText = Wording.Achieved;
                    row.Score = row.Points;
                    row.Missed = false;
                    row.Explanation = null;
                }

                labels.Add((null, "T5"));
                return true;
            }

            case "T6":
            {
                var cost = form.Rows.FirstOrDefault(r => r.Level2 == "成本指标");
                var to = Pick(random, form, r => r.Level1 == IndicatorCatalog.Output && r.Level2 != "成本指标"
                    && r.FullMarks && !r.Missed);
                if (cost is null || to is null)
                {
                    return false;
                }

                form.Rows.Remove(cost);
                to.Points += cost.Points;
                to.Score = to.Points;
                labels.Add((null, "T6"));
                return true;
            }

            case "T7":
                return CopyPriorYear(form, prior, labels);

            case "M1":
            {
                var row = form.Rows.FirstOrDefault(r => r.Shape == Shape.Satisfaction);
                if (row is null)
                {
                    return false;
                }

                row.Actual = 100m;
                row.Score = row.Points;
                row.Missed = false;
                row.Explanation = null;
                labels.Add((row, "M1"));
                return true;
            }

            case "X1":
            {
                var fund = form.FundLine!;
                fund.Executed = Math.Round(fund.Annual * Uniform(random, 0.4, 0.55), 2);
                fund.Score = Math.Round(10m * fund.Executed / fund.Annual, 2, MidpointRounding.AwayFromZero);
                SyncProjectParts(form);
                MeetOutputs(random, form);

                form.Achieved = Wording.Achieved_(random, form.Year, form.ExecutionRate * 100m, 5 + random.Next(5))
                    + "因部分采购合同延期签订，预算资金执行率偏低，下一步将加快支付进度。";
                labels.Add((null, "X1"));
                return true;
            }

            case "X2":
            {
                var fund = form.FundLine!;
                fund.Initial = Math.Round(fund.Annual * Uniform(random, 1.45, 1.7), 2);
                fund.Executed = Math.Round(fund.Annual * Uniform(random, 0.96, 0.99), 2);
                fund.Score = Math.Round(10m * fund.Executed / fund.Annual, 2, MidpointRounding.AwayFromZero);
                SyncProjectParts(form);
                labels.Add((null, "X2"));
                return true;
            }

            case "X3":
                // The score target (+6) and the execution rate (−12 pp) were set when the form was built; label it
                // when the rule's condition (≥ 5 points up, ≥ 10 pp down) holds as filed.
                if (prior is null || form.TotalScore - prior.TotalScore < 5m
                    || prior.ExecutionRate - form.ExecutionRate < 0.1m)
                {
                    return false;
                }

                labels.Add((null, "X3"));
                return true;

            case "Q1":
            {
                var pairs = form.Rows.Where(r => r.Level1 == IndicatorCatalog.Output && r.Shape is Shape.Count or Shape.Rate)
                    .GroupBy(r => r.Shape).FirstOrDefault(g => g.Count() >= 2)?.ToList();
                if (pairs is null)
                {
                    return false;
                }

                pairs[1].Name = pairs[0].Name;
                if (pairs[1].Explanation is not null)
                {
                    pairs[1].Explanation = Wording.Explanation(random, pairs[1], TsvFormWriter.Target(pairs[1], project),
                        TsvFormWriter.Actual(pairs[1], project));
                }

                labels.Add((pairs[1], "Q1"));
                return true;
            }

            case "Q2":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Qualitative && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.TargetText = Wording.Pick(random, ["15:01:00", "9:30:00", "2024-06-30", "0:00:00"]);
                labels.Add((row, "Q2"));
                return true;
            }

            case "Q3":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Rate && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.TargetText = project ? Inv($"≥{row.Target:0.##}个") : Inv($"≥{row.Target:0.00}(个)");
                row.ActualText = project ? Inv($"{row.Actual:0.##}个") : Inv($"{row.Actual:0.00}(个)");
                labels.Add((row, "Q3"));
                return true;
            }

            case "Q4":
            {
                var row = Pick(random, form, r => r.Shape is Shape.Count or Shape.Rate && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.ActualText = Wording.Pick(random, ["达成指标", "已完成", "达成年度指标"]);
                labels.Add((row, "Q4"));
                return true;
            }

            case "Q5":
                form.Achieved = form.Planned;
                labels.Add((null, "Q5"));
                return true;

            case "Q6":
            {
                var row = Pick(random, form, r => r.Shape is Shape.Count or Shape.Rate or Shape.Qualitative
                    && r.Level1 != IndicatorCatalog.Satisfaction);
                if (row is null)
                {
                    return false;
                }

                row.TargetText = string.Empty;
                row.ActualText = string.Empty;
                row.Score = row.Points;
                row.Missed = false;
                row.Explanation = null;
                labels.Add((row, "Q6"));
                return true;
            }

            case "Q7":
            {
                var row = Pick(random, form, r => r.Shape == Shape.Count && !r.Missed);
                if (row is null)
                {
                    return false;
                }

                row.Op = string.Empty;
                labels.Add((row, "Q7"));
                return true;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown anomaly kind");
        }
    }

    /// <summary>T7: the indicator table is last year's, targets and actuals included.</summary>
    private static bool CopyPriorYear(GenForm form, GenForm? prior, List<(GenRow? Row, string Rule)> labels)
    {
        if (prior is null || prior.Rows.Count != form.Rows.Count)
        {
            return false;
        }

        for (var i = 0; i < form.Rows.Count; i++)
        {
            var old = prior.Rows[i];
            var row = form.Rows[i];
            row.Target = old.Target;
            row.Actual = old.Actual;
            row.Grade = old.Grade;
            row.Score = old.Score;
            row.Points = old.Points;
            row.Missed = old.Missed;
            row.Explanation = old.Explanation;
            row.Op = old.Op;
            if (!row.IsQuantitative || row.IsCapped)
            {
                continue;
            }

            // Consequences: a target below last year's actual (T2), kept after an overshoot (T3).
            var below = row.Shape == Shape.Reverse ? row.Target > row.Actual * 1.05m : row.Target < row.Actual * 0.95m;
            if (below)
            {
                labels.Add((row, "T2"));
            }

            if (row.Ratio >= 1.2m)
            {
                labels.Add((row, "T3"));
            }
        }

        foreach (var row in form.Rows.Where(r => r.Explanation is not null))
        {
            labels.Add((row, "E4"));
        }

        labels.Add((null, "T7"));
        return true;
    }

    private static void MeetOutputs(Random random, GenForm form)
    {
        foreach (var row in form.Rows.Where(r => r.Level1 == IndicatorCatalog.Output && r.Missed))
        {
            CorpusGenerator.Meet(random, row, UnitMode.None, SeriesMode.None);
        }
    }

    /// <summary>A row that missed its target: an existing one, or a met count/rate row made to miss at about q.</summary>
    private static GenRow? MissedRow(Random random, GenForm form, decimal q)
    {
        var row = Pick(random, form, r => r.Shape is Shape.Count or Shape.Rate && !r.Missed);
        if (row is null)
        {
            return null;
        }

        CorpusGenerator.Miss(random, row, q, UnitMode.None);
        return row;
    }

    private static GenRow? PriorRow(GenForm? prior, GenRow row) =>
        prior?.Rows.FirstOrDefault(r => r.Template == row.Template && r.Name == row.Name);

    private static bool BudgetWords(GenRow row) =>
        BudgetTerms.Any(w =>
            row.Level2.Contains(w, StringComparison.Ordinal) || (row.Name ?? string.Empty).Contains(w, StringComparison.Ordinal));

    /// <summary>Keeps the project form's fund parts adding up to the 年度资金总额 line (rule S7).</summary>
    private static void SyncProjectParts(GenForm form)
    {
        var fund = form.FundLine!;
        var finance = form.Budget[1];
        var carry = form.Budget[2];
        finance.Initial = fund.Initial - carry.Initial;
        finance.Annual = fund.Annual - carry.Annual;
        finance.Executed = fund.Executed - carry.Executed;
    }

    private static GenRow? Pick(Random random, GenForm form, Func<GenRow, bool> predicate)
    {
        var candidates = form.Rows.Where(predicate).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }

    private static decimal Uniform(Random random, double min, double max) =>
        (decimal)(min + ((max - min) * random.NextDouble()));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
