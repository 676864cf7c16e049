using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Generator;

/// <summary>A generated file.</summary>
public sealed record GeneratedFile(string FileName, string Content, FormKind Kind, string Unit, int Year,
    string? Project);

/// <summary>A generated corpus: the files and the labels of every injected anomaly.</summary>
public sealed record GeneratedCorpus(IReadOnlyList<GeneratedFile> Files, IReadOnlyList<AnomalyLabel> Labels)
{
    /// <summary>Writes every file and labels.jsonl into <paramref name="directory"/> (created if needed).</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        foreach (var file in Files)
        {
            File.WriteAllText(Path.Combine(directory, file.FileName), file.Content, utf8);
        }

        File.WriteAllText(Path.Combine(directory, "labels.jsonl"),
            string.Concat(Labels.Select(l => l.ToJson() + "\n")), utf8);
    }

}

/// <summary>
/// Generates department-wide and project forms for fictional units of one district (示例区) over a range of years:
/// budgets with year-to-year drift, targets that ratchet on last year's actual, units that improve, stagnate or
/// decline, and a labelled share of forms with injected anomalies (see <see cref="Injector"/>). Clean forms are
/// built to pass every rule of the catalog. One seeded <see cref="Random"/> drives everything: no clock, no Guid.
/// </summary>
public static class CorpusGenerator
{
    private const decimal RateCap = 95m;

    /// <summary>1 = L1 bunching unit, 2 = L4 heaping unit, 3 = L3 flat series, 4 = M2 frozen satisfaction.</summary>
    private static readonly int[] WideModes = [1, 2, 3, 4];

    /// <summary>Generates the whole corpus in memory, files ordered by name.</summary>
    public static GeneratedCorpus Generate(CorpusOptions options)
    {
        var files = new List<GeneratedFile>();
        var labels = Generate(options, files.Add);
        return new GeneratedCorpus(files.OrderBy(f => f.FileName, StringComparer.Ordinal).ToList(), labels);
    }

    /// <summary>
    /// Writes the corpus straight to <paramref name="directory"/> (files and labels.jsonl) without holding it in
    /// memory; returns the number of forms and the labels.
    /// </summary>
    public static (int Forms, IReadOnlyList<AnomalyLabel> Labels) WriteTo(CorpusOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        var count = 0;
        var labels = Generate(options, file =>
        {
            File.WriteAllText(Path.Combine(directory, file.FileName), file.Content, utf8);
            count++;
        });
        File.WriteAllText(Path.Combine(directory, "labels.jsonl"),
            string.Concat(labels.Select(l => l.ToJson() + "\n")), utf8);
        return (count, labels);
    }

    /// <summary>
    /// Generates unit by unit, handing each file to <paramref name="onFile"/> as soon as its unit is complete (so
    /// memory stays flat however many forms); returns the labels of the files handed out.
    /// </summary>
    public static IReadOnlyList<AnomalyLabel> Generate(CorpusOptions options, Action<GeneratedFile> onFile)
    {
        ArgumentNullException.ThrowIfNull(onFile);
        options = options.Validated();
        var random = new Random(options.Seed);
        var years = options.ToYear - options.FromYear + 1;
        var units = PlanUnits(random, options, years);
        var registry = new ExplanationRegistry();
        var labels = new List<AnomalyLabel>();
        // Forms written so far, and the files of the unit at hand (a set per unit, not per run: a million forms'
        // names took about 150 MB).
        var count = 0;
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var max = options.MaxForms ?? int.MaxValue;
        foreach (var unit in units)
        {
            if (count >= max)
            {
                break;
            }

            var unitLabels = new List<AnomalyLabel>();
            foreach (var series in unit.Series)
            {
                for (var i = 0; i < years; i++)
                {
                    series.Forms.Add(BuildForm(random, options, unit, series, i, unitLabels, registry));
                }
            }

            SeriesLabels(unit, years, unitLabels);
            BunchingLabel(unit, unitLabels);
            foreach (var series in unit.Series)
            {
                PerfectRateLabels(series, unitLabels);
                FlatSeriesLabel(series, unitLabels);
            }

            emitted.Clear();
            foreach (var form in unit.Series.SelectMany(s => s.Forms).OfType<GenForm>())
            {
                if (count >= max)
                {
                    break;
                }

                onFile(new GeneratedFile(form.FileName, TsvFormWriter.Write(form), form.Kind, form.Unit, form.Year,
                    form.Project));
                emitted.Add(form.FileName);
                count++;
            }

            labels.AddRange(unitLabels.Where(l => emitted.Contains(l.File)));

            // Done with this unit: let its forms go.
            foreach (var series in unit.Series)
            {
                series.Forms.Clear();
            }
        }

        return labels
            .OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line ?? 0).ThenBy(l => l.Rule, StringComparer.Ordinal)
            .ToList();
    }

    private static List<UnitPlan> PlanUnits(Random random, CorpusOptions options, int years)
    {
        var units = new List<UnitPlan>();
        var cycle = new AnomalyCycle(random);
        int[] wideModes = [.. WideModes.OrderBy(_ => random.Next())];
        var wideNext = 0;

        // A third of the anomaly rate goes to unit- and series-wide anomalies, and each of the four kinds shows up
        // once there are 16 units (they need three years).
        var wideCount = options.AnomalyRate == 0 || years < 3
            ? 0
            : Math.Max(Math.Min(WideModes.Length, options.Units / 4), (int)Math.Round(options.Units * options.AnomalyRate / 3));
        var wideUnits = Enumerable.Range(0, options.Units).OrderBy(_ => random.Next()).Take(wideCount).ToHashSet();
        for (var u = 0; u < options.Units; u++)
        {
            var (name, supervisor) = UnitName(u);
            var trajectory = (Trajectory)random.Next(3);
            var unit = new UnitPlan
            {
                Name = name,
                Slug = string.Create(CultureInfo.InvariantCulture, $"sample-unit-{u + 1:000}"),
                Supervisor = supervisor,
                Trajectory = trajectory,
            };

            // Unit- and series-wide anomalies (L1, L4, L3, M2), round-robin so that each shows up; three years at least.
            var wide = wideUnits.Contains(u) ? wideModes[wideNext++ % wideModes.Length] : 0;
            unit.Mode = wide switch
            {
                1 => UnitMode.Bunching,
                2 => UnitMode.Heaping,
                _ => UnitMode.None,
            };

            unit.Series.Add(DepartmentSeries(random, unit, years));
            // A heaping unit files three projects, so its integer actuals reach rule L4's minimum of 100.
            var projects = unit.Mode == UnitMode.Heaping ? 3 : 1 + random.Next(3);
            var names = IndicatorCatalog.Projects.OrderBy(_ => random.Next()).Take(projects).ToList();
            for (var p = 0; p < projects; p++)
            {
                unit.Series.Add(ProjectSeries(random, unit, names[p], p + 1, years));
            }

            unit.Series[0].Mode = wide switch
            {
                3 => SeriesMode.FlatScore,
                4 => SeriesMode.FrozenSatisfaction,
                _ => SeriesMode.None,
            };

            foreach (var series in unit.Series)
            {
                PlanAnomalies(random, options, unit, series, cycle);
            }

            units.Add(unit);
        }

        return units;
    }

    private static (string Name, string Supervisor) UnitName(int index)
    {
        var departments = IndicatorCatalog.Departments;
        if (index < departments.Count)
        {
            return ("示例区" + departments[index], "示例区人民政府");
        }

        var rest = index - departments.Count;
        var towns = IndicatorCatalog.Towns;
        var offices = IndicatorCatalog.TownOffices;
        var town = towns[rest % towns.Count];
        var office = offices[(rest / towns.Count) % offices.Count];
        var round = rest / (towns.Count * offices.Count);
        var suffix = round == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"第{round + 1}分中心");
        return ($"示例区{town}{office}{suffix}", $"示例区{town}人民政府");
    }

    private static void PlanAnomalies(Random random, CorpusOptions options, UnitPlan unit, Series series,
        AnomalyCycle cycle)
    {
        if (unit.Mode != UnitMode.None || series.Mode != SeriesMode.None)
        {
            return;
        }

        for (var i = 0; i < series.Planned.Length; i++)
        {
            if (random.NextDouble() >= options.AnomalyRate)
            {
                continue;
            }

            var priorClean = i > 0 && series.Planned[i - 1] is null;
            series.Planned[i] = cycle.Next(k => Injector.Applies(k, series.Kind, i, priorClean));
        }

        // T3 needs last year's over-achievement; keep last year clean of anything else.
        for (var i = 1; i < series.Planned.Length; i++)
        {
            if (series.Planned[i] is "T3" or "T7" or "T2" or "X3" or "T4" && series.Planned[i - 1] is not null)
            {
                series.Planned[i] = null;
            }
        }
    }

    private static Series DepartmentSeries(Random random, UnitPlan unit, int years)
    {
        var slots = new List<Slot>();
        var capped = 0;
        foreach (var (template, points) in IndicatorCatalog.InputRows)
        {
            slots.Add(NewSlot(random, IndicatorCatalog.Input, template, points, ref capped));
        }

        var outputs = Draw(random, IndicatorCatalog.Outputs, 10, maxQualitative: 2, maxCapped: 2);
        var outputPoints = Split(25m, outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            slots.Add(NewSlot(random, IndicatorCatalog.Output, outputs[i], outputPoints[i], ref capped));
        }

        var benefits = Draw(random, IndicatorCatalog.Benefits, 7, maxQualitative: 2, maxCapped: 1);
        var benefitPoints = Split(35m, benefits.Count);
        for (var i = 0; i < benefits.Count; i++)
        {
            slots.Add(NewSlot(random, IndicatorCatalog.Benefit, benefits[i], benefitPoints[i], ref capped));
        }

        var satisfaction = IndicatorCatalog.Satisfactions[random.Next(IndicatorCatalog.Satisfactions.Count)];
        slots.Add(NewSlot(random, IndicatorCatalog.Satisfaction, satisfaction, 10m, ref capped));
        return new Series
        {
            Kind = FormKind.DepartmentOverall,
            Unit = unit,
            Slots = slots,
            ScoreTargets = ScoreTargets(random, unit.Trajectory, years),
            BaseBudget = Money(random, 5_000_000m, 80_000_000m),
            Planned = new string?[years],
        };
    }

    private static Series ProjectSeries(Random random, UnitPlan unit, string project, int number, int years)
    {
        var slots = new List<Slot>();
        var capped = 0;
        var outputs = Draw(random, IndicatorCatalog.Outputs, 5, maxQualitative: 1, maxCapped: 1);
        outputs.Add(IndicatorCatalog.Costs[random.Next(IndicatorCatalog.Costs.Count)]);
        var outputPoints = Split(50m, outputs.Count, whole: true);
        for (var i = 0; i < outputs.Count; i++)
        {
            slots.Add(NewSlot(random, IndicatorCatalog.Output, outputs[i], outputPoints[i], ref capped));
        }

        var benefits = Draw(random, IndicatorCatalog.Benefits, 3, maxQualitative: 1, maxCapped: 1);
        var benefitPoints = Split(30m, benefits.Count, whole: true);
        for (var i = 0; i < benefits.Count; i++)
        {
            slots.Add(NewSlot(random, IndicatorCatalog.Benefit, benefits[i], benefitPoints[i], ref capped));
        }

        slots.Add(NewSlot(random, IndicatorCatalog.Satisfaction, IndicatorCatalog.Satisfactions[0], 10m, ref capped));
        return new Series
        {
            Kind = FormKind.Project,
            Unit = unit,
            Project = project,
            ProjectSlug = string.Create(CultureInfo.InvariantCulture, $"p{number}"),
            Slots = slots,
            ScoreTargets = ScoreTargets(random, unit.Trajectory, years),
            BaseBudget = Money(random, 200_000m, 5_000_000m),
            Planned = new string?[years],
        };
    }

    /// <summary>Draws indicators without repeating a name, keeping at least one measurable benefit (rule T5).</summary>
    private static List<IndicatorTemplate> Draw(Random random, IReadOnlyList<IndicatorTemplate> pool, int count,
        int maxQualitative, int maxCapped)
    {
        var result = new List<IndicatorTemplate>();
        foreach (var t in pool.OrderBy(_ => random.Next()))
        {
            if (result.Count == count)
            {
                break;
            }

            if ((t.Shape == Shape.Qualitative && result.Count(r => r.Shape == Shape.Qualitative) >= maxQualitative)
                || (t.Shape is Shape.Capped or Shape.ZeroCount
                    && result.Count(r => r.Shape is Shape.Capped or Shape.ZeroCount) >= maxCapped))
            {
                continue;
            }

            result.Add(t);
        }

        // Group by level 2 in the framework's order, as forms list them.
        var order = pool.Select(p => p.Level2).Distinct().ToList();
        return result.OrderBy(r => order.IndexOf(r.Level2)).ToList();
    }

    private static Slot NewSlot(Random random, string level1, IndicatorTemplate template, decimal points, ref int capped)
    {
        // Capped rows miss once in three years, each in its own phase (so units do not all miss in one year).
        var index = template.Shape == Shape.Capped ? capped++ + random.Next(3) : 0;
        var slot = new Slot(level1, template, points, index);
        slot.Target = template.Shape switch
        {
            Shape.Capped => 100m,
            Shape.ZeroCount or Shape.Qualitative => 0m,
            Shape.Rate or Shape.Satisfaction => template.Min + random.Next(template.Max - template.Min + 1),
            _ => template.Min + random.Next(template.Max - template.Min + 1),
        };
        return slot;
    }

    /// <summary>Splits <paramref name="total"/> points into <paramref name="n"/> parts of 0.5 (or 1) granularity.</summary>
    private static List<decimal> Split(decimal total, int n, bool whole = false)
    {
        var step = whole ? 1m : 0.5m;
        var units = (int)(total / step);
        var parts = new List<decimal>();
        for (var i = 0; i < n; i++)
        {
            var share = (units / n) + (i < units % n ? 1 : 0);
            parts.Add(share * step);
        }

        return parts;
    }

    private static decimal[] ScoreTargets(Random random, Trajectory trajectory, int years)
    {
        var (low, high, slope) = trajectory switch
        {
            Trajectory.Improving => (72.0, 91.0, 2.3),
            Trajectory.Declining => (83.0, 99.0, -2.3),
            _ => (72.0, 98.0, 0.0),
        };
        var start = low + (random.NextDouble() * (high - low));
        var wobble = new[] { 2.2, -2.0, 1.8, -2.3, 1.9, -1.7 }.OrderBy(_ => random.Next()).ToArray();
        var result = new decimal[years];
        for (var i = 0; i < years; i++)
        {
            var noise = slope == 0 ? wobble[i % wobble.Length] : (random.NextDouble() - 0.5) * 0.8;
            // A smooth spread from the high 70s up: a floor or cliff near a grade cut-off (60/80/90) would look like
            // bunching above it (rule L2).
            var s = Math.Clamp(start + (slope * i) + noise, 65, 99.3);
            result[i] = (decimal)Math.Round(s, 2);
        }

        return result;
    }

    private static decimal Money(Random random, decimal min, decimal max) =>
        Math.Round(min + ((max - min) * (decimal)random.NextDouble()), 2);

    private static decimal Uniform(Random random, double min, double max) =>
        (decimal)(min + ((max - min) * random.NextDouble()));

    private static GenForm? BuildForm(Random random, CorpusOptions options, UnitPlan unit, Series series, int i,
        List<AnomalyLabel> labels, ExplanationRegistry registry)
    {
        var year = options.FromYear + i;
        var kind = series.Kind;
        var file = kind == FormKind.DepartmentOverall
            ? string.Create(CultureInfo.InvariantCulture, $"{year}_{unit.Slug}_dept-overall.txt")
            : string.Create(CultureInfo.InvariantCulture, $"{year}_{unit.Slug}_{series.ProjectSlug}_project.txt");
        var form = new GenForm
        {
            Kind = kind,
            Unit = unit.Name,
            Year = year,
            Project = series.Project,
            Supervisor = unit.Supervisor,
            FileName = file,
        };
        var planned = series.Planned[i];
        var next = i + 1 < series.Planned.Length ? series.Planned[i + 1] : null;

        // Score target and execution rate.
        var target = series.ScoreTargets[i];
        if (series.Mode == SeriesMode.FlatScore)
        {
            target = series.ScoreTargets[0];
        }

        var prior = i > 0 ? series.Forms[i - 1] : null;
        if (planned == "X3" && (prior is null || prior.TotalScore > 92m))
        {
            planned = null;
        }

        if (planned == "X3" && prior is not null)
        {
            target = prior.TotalScore + 6m;
        }

        var perf = Math.Clamp((double)(target - 75m) / 25.0, 0, 1);
        var rate = (decimal)Math.Round(0.9 + (0.095 * perf) + ((random.NextDouble() - 0.5) * 0.01), 4);
        rate = Math.Clamp(rate, 0.9m, 0.998m);
        if (planned == "X3" && prior is not null)
        {
            rate = Math.Max(0.6m, prior.ExecutionRate - 0.12m);
        }

        series.BaseBudget = Math.Round(series.BaseBudget * Uniform(random, 0.93, 1.1), 2);
        BuildBudget(random, form, series.BaseBudget, rate);

        // Rows with targets from the ratchet, all met first.
        foreach (var slot in series.Slots)
        {
            var row = new GenRow(slot.Level1, slot.Template, slot.Points, kind == FormKind.Project)
            {
                Target = slot.Target, Year = year, Registry = registry,
            };
            if (series.Mode == SeriesMode.FrozenSatisfaction && slot.Template.Shape == Shape.Satisfaction)
            {
                row.Target = 91m;
            }

            Meet(random, row, unit.Mode, series.Mode);
            form.Rows.Add(row);
        }

        if (kind == FormKind.DepartmentOverall)
        {
            form.Weights = new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                [IndicatorCatalog.Input] = 30m, [IndicatorCatalog.Output] = 25m, [IndicatorCatalog.Benefit] = 35m,
                [IndicatorCatalog.Satisfaction] = 10m,
            };
        }

        // T3 next year: this year over-achieves one count row by 25% (below the C4 trigger of 30%).
        GenRow? overachiever = null;
        if (next == "T3")
        {
            overachiever = form.Rows.FirstOrDefault(r => r.Shape == Shape.Count && r.Target >= 40m);
            if (overachiever is not null)
            {
                overachiever.Actual = Math.Ceiling(overachiever.Target * 1.25m);
            }
        }

        // Deductions that bring the total to the target.
        var deduction = 100m - target - (10m - (form.FundLine?.Score ?? 10m));
        if (kind == FormKind.DepartmentOverall)
        {
            deduction = 100m - target;
        }

        foreach (var row in form.Rows.Where(r => r.Shape == Shape.Capped))
        {
            var slot = series.Slots[form.Rows.IndexOf(row)];
            if ((i + slot.Index) % 3 == 2)
            {
                deduction -= Miss(random, row, Uniform(random, 0.95, 0.995), unit.Mode);
            }
        }

        // Misses concentrated on a few rows, as filed forms show: most rows keep full marks (rule L5 compares
        // the share of full-mark rows across peers), and a second pass spends what the first could not.
        var maxShare = Uniform(random, 0.25, 0.45);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var row in form.Rows.OrderBy(_ => random.Next()))
            {
                if (deduction < 0.02m)
                {
                    break;
                }

                if (row == overachiever || row.IsCapped
                    || (series.Mode == SeriesMode.FrozenSatisfaction && row.Shape == Shape.Satisfaction))
                {
                    continue;
                }

                if (row.Missed)
                {
                    // Second pass: deepen a miss of the first when the rest could not absorb the deduction.
                    if (pass == 1 && row.Shape != Shape.Qualitative)
                    {
                        var lost = row.Points - row.Score;
                        var deeper = Math.Min(0.6m, (lost + deduction) / row.Points);
                        if (deeper * row.Points > lost + 0.02m)
                        {
                            deduction += lost;
                            deduction -= Miss(random, row, 1m - deeper, unit.Mode);
                        }
                    }

                    continue;
                }

                if (row.Shape == Shape.Qualitative)
                {
                    var d = row.Points * Uniform(random, 0.22, 0.38);
                    if (deduction >= d)
                    {
                        deduction -= Partly(random, row, d);
                    }

                    continue;
                }

                var cap = pass == 0 ? maxShare * Uniform(random, 0.6, 1.0) : 0.6m;
                var share = Math.Min(deduction / row.Points, cap);
                if (unit.Mode == UnitMode.Bunching)
                {
                    share = Math.Max(share, 0.12m);
                }

                if (share * row.Points < 0.02m)
                {
                    continue;
                }

                deduction -= Miss(random, row, 1m - share, unit.Mode);
            }
        }

        form.Planned = Wording.Planned(random, unit.Name, year);
        form.Achieved = Wording.Achieved_(random, year, form.ExecutionRate * 100m, 6 + random.Next(10));
        if (form.ExecutionRate < 0.9m)
        {
            // A low rate is explained where the unit can write it (rule E2).
            form.Achieved += "因部分项目延期实施，预算资金执行率有所下降，下一步将加快支付进度。";
        }

        var injected = new List<(GenRow? Row, string Rule)>();
        if (planned is not null)
        {
            if (!Injector.Inject(random, planned, form, prior, injected))
            {
                injected.Clear();
            }
        }

        ScoreJumpLabel(form, prior, planned is not null || (i > 0 && series.Planned[i - 1] is not null), injected);

        // Carry the state to next year (the ratchet on last year's actual).
        for (var s = 0; s < series.Slots.Count; s++)
        {
            var slot = series.Slots[s];
            if (form.Rows.FirstOrDefault(r => r.Template == slot.Template) is not { } row)
            {
                continue;
            }

            slot.PriorActual = row.Actual;
            slot.PriorTarget = row.Target;
            slot.Target = Ratchet(random, row);
        }

        TsvFormWriter.Write(form);
        foreach (var (row, rule) in injected)
        {
            labels.Add(new AnomalyLabel(file, unit.Name, year, row?.Line, rule));
        }

        return form;
    }

    private static void BuildBudget(Random random, GenForm form, decimal total, decimal rate)
    {
        if (form.Kind == FormKind.DepartmentOverall)
        {
            var other = random.Next(2) == 0 ? 0m : Math.Round(total * Uniform(random, 0.01, 0.08), 2);
            var finance = total - other;
            var basic = Math.Round(total * Uniform(random, 0.12, 0.4), 2);
            var projects = total - basic;
            var bFinance = Math.Round(finance * rate, 2);
            var bOther = Math.Round(other * Math.Min(1m, rate + Uniform(random, -0.02, 0.02)), 2);
            var bTotal = bFinance + bOther;
            var bBasic = Math.Round(basic * Math.Min(1m, rate + Uniform(random, -0.02, 0.02)), 2);
            var bProjects = bTotal - bBasic;
            if (bProjects > projects)
            {
                bBasic += bProjects - projects;
                bProjects = projects;
            }

            form.Budget.Add(new GenBudgetLine(TsvFormWriter.SourceGroup, "财政拨款", null, finance, bFinance));
            form.Budget.Add(new GenBudgetLine(TsvFormWriter.SourceGroup, "其他资金", null, other, bOther));
            form.Budget.Add(new GenBudgetLine(TsvFormWriter.StructureGroup, "基本支出", null, basic, bBasic));
            form.Budget.Add(new GenBudgetLine(TsvFormWriter.StructureGroup, "项目支出", null, projects, bProjects));
            return;
        }

        var initial = total;
        var annual = Math.Round(initial * Uniform(random, 0.97, 1.08), 2);
        var executed = Math.Round(annual * rate, 2);
        var carry = random.Next(10) < 3 ? 0.08m : 0m;
        var line = new GenBudgetLine(string.Empty, "年度资金总额", initial, annual, executed) { Points = 10m };
        line.Score = Math.Round(10m * Math.Min(1m, executed / annual), 2, MidpointRounding.AwayFromZero);
        form.Budget.Add(line);
        var cInitial = Math.Round(initial * carry, 2);
        var cAnnual = Math.Round(annual * carry, 2);
        var cExecuted = Math.Round(executed * carry, 2);
        form.Budget.Add(new GenBudgetLine(string.Empty, "其中:当年财政拨款", initial - cInitial, annual - cAnnual,
            executed - cExecuted));
        form.Budget.Add(new GenBudgetLine(string.Empty, "上年结转资金", cInitial, cAnnual, cExecuted));
        form.Budget.Add(new GenBudgetLine(string.Empty, "其他资金", 0m, 0m, 0m));
    }

    /// <summary>Sets a met actual: a completion ratio in [1.02, 1.15] (never in the bunching bin just above 1).</summary>
    internal static void Meet(Random random, GenRow row, UnitMode mode, SeriesMode seriesMode)
    {
        row.Missed = false;
        row.Score = row.Points;
        row.Explanation = null;
        var bunch = mode == UnitMode.Bunching;
        var q = bunch ? Uniform(random, 1.002, 1.017) : Uniform(random, 1.02, 1.14);
        switch (row.Shape)
        {
            case Shape.Count:
                row.Actual = bunch ? row.Target + 1m : Math.Ceiling(row.Target * q);
                if (mode == UnitMode.Heaping)
                {
                    row.Actual = Math.Ceiling(row.Actual / 5m) * 5m;
                }

                break;
            case Shape.Rate:
                row.Actual = Up(Below(row.Target, q, 99.5m, bunch), mode == UnitMode.Heaping ? 0 : 2);
                if (mode == UnitMode.Heaping)
                {
                    row.Actual = Math.Min(100m, Math.Ceiling(row.Actual / 5m) * 5m);
                }

                break;
            case Shape.Satisfaction:
                row.Actual = seriesMode == SeriesMode.FrozenSatisfaction
                    ? 95.5m
                    : Up(Below(row.Target, q, 98.8m, bunch), 2);
                break;
            case Shape.Reverse:
                row.Actual = Math.Floor(row.Target / q * 100m) / 100m;
                break;
            case Shape.Capped:
                row.Actual = 100m;
                break;
            case Shape.ZeroCount:
                row.Actual = 0m;
                break;
            default:
                row.Grade = Wording.Achieved;
                break;
        }
    }

    /// <summary>Rounds up, so that a met ratio never rounds down into the bin just above 1 (rule L1).</summary>
    private static decimal Up(decimal value, int decimals)
    {
        var scale = decimals == 0 ? 1m : decimals == 1 ? 10m : 100m;
        return Math.Ceiling(value * scale) / scale;
    }

    /// <summary>t·q, or when that passes the cap, a point spread between t·1.02 and the cap (never the cap itself
    /// year after year: rule M2).</summary>
    private static decimal Below(decimal t, decimal q, decimal cap, bool bunch)
    {
        var x = t * q;
        if (x <= cap || bunch)
        {
            return x;
        }

        var low = t * 1.02m;
        return low + ((cap - low) * (q - 1.02m) / 0.12m);
    }

    /// <summary>Misses the target at completion ratio about <paramref name="q"/>, scored proportionally and explained;
    /// returns the points lost.</summary>
    internal static decimal Miss(Random random, GenRow row, decimal q, UnitMode mode)
    {
        if (mode == UnitMode.Bunching)
        {
            q = Math.Min(q, 0.9m);
        }

        q = Math.Clamp(q, 0.4m, 0.995m);
        var w = row.Points;
        var t = row.Target;
        decimal x;
        switch (row.Shape)
        {
            case Shape.Count:
                x = Math.Floor(t * q);
                if (mode == UnitMode.Heaping)
                {
                    x = Math.Floor(x / 5m) * 5m;
                }

                while (Score(w, t, x, false) > w - 0.01m && x > 0m)
                {
                    x -= mode == UnitMode.Heaping ? 5m : 1m;
                }

                break;
            case Shape.Reverse:
                x = Math.Round(t / q, 2);
                while (Score(w, t, x, true) > w - 0.01m)
                {
                    x += 0.5m;
                }

                break;
            case Shape.Rate or Shape.Capped or Shape.Satisfaction:
                x = Math.Round(t * q, mode == UnitMode.Heaping && row.Shape == Shape.Rate ? 0 : 2);
                if (mode == UnitMode.Heaping && row.Shape == Shape.Rate)
                {
                    x = Math.Floor(x / 5m) * 5m;
                }

                while (Score(w, t, x, false) > w - 0.01m)
                {
                    x -= mode == UnitMode.Heaping && row.Shape == Shape.Rate ? 5m : 0.1m;
                }

                break;
            default:
                return 0m;
        }

        row.Actual = x;
        row.Score = Score(w, t, x, row.Shape == Shape.Reverse);
        row.Missed = true;
        row.Explanation = Wording.Explanation(random, row, TsvFormWriter.Target(row, row.Project).TrimStart('≥', '=', '≤'),
            TsvFormWriter.Actual(row, row.Project));
        return w - row.Score;
    }

    /// <summary>A qualitative row graded 部分达成, scored in its band [0.6w, 0.8w); returns the points lost.</summary>
    internal static decimal Partly(Random random, GenRow row, decimal deduction)
    {
        row.Grade = Wording.Partly;
        row.Score = Math.Round(row.Points - deduction, 2);
        row.Missed = true;
        row.Explanation = Wording.Explanation(random, row, string.Empty, string.Empty);
        return row.Points - row.Score;
    }

    internal static decimal Score(decimal w, decimal t, decimal x, bool reverse)
    {
        var ratio = reverse ? (x == 0m ? 1m : t / x) : (t == 0m ? 1m : x / t);
        return Math.Round(w * Math.Min(1m, ratio), 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Next year's target: not below 95% of this year's actual (rule T2), and changed (rules T3, T7).</summary>
    private static decimal Ratchet(Random random, GenRow row)
    {
        var t = row.Target;
        var x = row.Actual;
        switch (row.Shape)
        {
            case Shape.Count:
                var next = Math.Ceiling(Math.Max(x, t * 0.97m) * Uniform(random, 0.97, 1.04));
                next = Math.Max(next, Math.Ceiling(x * 0.96m));
                return next == t ? next + 1m : next;
            case Shape.Rate or Shape.Satisfaction:
                var rate = Math.Round(Math.Max(t, x * Uniform(random, 0.96, 1.0)), 1);
                rate = Math.Min(RateCap, rate);
                return rate == t && rate + 0.5m <= RateCap ? rate + 0.5m : rate;
            case Shape.Reverse:
                var cost = row.Missed ? t * Uniform(random, 1.0, 1.03) : Math.Min(t, x * Uniform(random, 1.0, 1.04));
                cost = Math.Round(cost, 2);
                return cost == t ? cost - 0.5m : cost;
            default:
                return t;
        }
    }

    /// <summary>
    /// Rule X3 (score up ≥ 5 while the execution rate falls ≥ 10 pp or the median completion ratio falls ≥ 0.02):
    /// clean series never rise by 5 in a year, but a form that meets every row (T1), or the year after a form an
    /// anomaly pulled down, can. Label that consequence where the rule's condition holds.
    /// </summary>
    private static void ScoreJumpLabel(GenForm form, GenForm? prior, bool touched, List<(GenRow? Row, string Rule)> injected)
    {
        if (prior is null || !touched || injected.Any(l => l.Rule == "X3") || form.TotalScore - prior.TotalScore < 5m)
        {
            return;
        }

        var rateFall = prior.ExecutionRate - form.ExecutionRate >= 0.1m;
        var median = MedianCompletion(form);
        var priorMedian = MedianCompletion(prior);
        var completionFall = median is not null && priorMedian is not null && priorMedian - median >= 0.02m;
        if (rateFall || completionFall)
        {
            injected.Add((null, "X3"));
        }
    }

    private static decimal? MedianCompletion(GenForm form)
    {
        var ratios = form.Rows
            .Where(r => r.IsQuantitative && r.TargetText is null && r.ActualText is null && r.Shape != Shape.ZeroCount
                && !(r.Shape == Shape.Reverse && r.Actual == 0m))
            .Select(r => r.Ratio).Order().ToList();
        if (ratios.Count < 3)
        {
            return null;
        }

        var mid = ratios.Count / 2;
        return ratios.Count % 2 == 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2m;
    }

    /// <summary>
    /// Rule L1 (completion ratios of a unit's rows heaped in [1, 1.02) against the bins either side): a clean unit
    /// never meets a target by less than 2%, but a form with every target hit exactly (T1) adds a handful of rows
    /// there, which in a unit with few rows just above 1.02 tips the test. Label that consequence where the rule's
    /// test (bin width 0.02, standardised difference &gt; 2 with a deficit below) holds.
    /// </summary>
    private static void BunchingLabel(UnitPlan unit, List<AnomalyLabel> labels)
    {
        const double width = 0.02;
        const double threshold = 2.0;
        const int minRows = 30;
        var forms = unit.Series.SelectMany(s => s.Forms).OfType<GenForm>().ToList();
        if (unit.Mode == UnitMode.Bunching || !labels.Any(l => l.Rule == "T1"))
        {
            return;
        }

        var ratios = forms.SelectMany(f => f.Rows)
            .Where(r => r.IsQuantitative && !r.IsCapped && r.TargetText is null && r.ActualText is null
                && (r.Shape == Shape.Reverse ? r.Actual != 0m : r.Target != 0m))
            .Select(r => (double)r.Ratio).ToList();
        if (ratios.Count < minRows)
        {
            return;
        }

        var bins = new Dictionary<int, int> { [-2] = 0, [-1] = 0, [0] = 0, [1] = 0 };
        foreach (var q in ratios)
        {
            var offset = Math.Floor(((q - 1) / width) + 1e-9);
            if (offset is >= -2 and <= 1)
            {
                bins[(int)offset]++;
            }
        }

        double Sd(int at, int left, int right)
        {
            double n = ratios.Count;
            var pk = at / n;
            var pn = (left + right) / n;
            var variance = (n * pk * (1 - pk)) + (n * pn * (1 - pn) / 4);
            return (at - ((left + right) / 2.0)) / Math.Sqrt(variance > 0 ? variance : 1);
        }

        if (Sd(bins[0], bins[-1], bins[1]) > threshold && Sd(bins[-1], bins[-2], bins[0]) < 0)
        {
            var latest = unit.Series[0].Forms[^1]!;
            labels.Add(new AnomalyLabel(latest.FileName, latest.Unit, latest.Year, null, "L1"));
        }
    }

    /// <summary>
    /// Rule L3's series clause (total scores of three or more years with SD &lt; 1): clean series move by design,
    /// but an anomaly that shifts one year's total can flatten a series by chance. Label that consequence.
    /// </summary>
    private static void FlatSeriesLabel(Series series, List<AnomalyLabel> labels)
    {
        const int minYears = 3;
        var forms = series.Forms.OfType<GenForm>().ToList();
        if (series.Mode == SeriesMode.FlatScore || forms.Count < minYears || series.Planned.All(p => p is null))
        {
            return;
        }

        var scores = forms.Select(f => (double)f.TotalScore).ToList();
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / (scores.Count - 1));
        if (sd < 1.0)
        {
            var latest = forms[^1];
            labels.Add(new AnomalyLabel(latest.FileName, latest.Unit, latest.Year, null, "L3"));
        }
    }

    /// <summary>
    /// Clean series never keep an =100% rate at exactly 100% three years running (each capped row misses once in
    /// three years); an injected anomaly that meets every row, or copies last year, can. Label that consequence
    /// (rule T4's "perfect rate" clause).
    /// </summary>
    private static void PerfectRateLabels(Series series, List<AnomalyLabel> labels)
    {
        const int run = 3;
        for (var i = run - 1; i < series.Forms.Count; i++)
        {
            var form = series.Forms[i]!;
            var perfect = form.Rows.Where(r => Perfect(r)).Select(r => r.Name).Where(name =>
                Enumerable.Range(1, run - 1).All(back => series.Forms[i - back]!.Rows.Any(r => r.Name == name && Perfect(r))));
            if (perfect.Any() && !labels.Any(l => l.File == form.FileName && l.Rule == "T4" && l.Line is null))
            {
                labels.Add(new AnomalyLabel(form.FileName, form.Unit, form.Year, null, "T4"));
            }
        }

        static bool Perfect(GenRow r) => r is { Shape: Shape.Capped, Actual: 100m, TargetText: null, ActualText: null };
    }

    private static void SeriesLabels(UnitPlan unit, int years, List<AnomalyLabel> labels)
    {
        var dept = unit.Series[0];
        var latest = dept.Forms[^1]!;
        switch (unit.Mode)
        {
            case UnitMode.Bunching:
                labels.Add(new AnomalyLabel(latest.FileName, unit.Name, latest.Year, null, "L1"));
                break;
            case UnitMode.Heaping:
                labels.Add(new AnomalyLabel(latest.FileName, unit.Name, latest.Year, null, "L4"));
                break;
            default:
                break;
        }

        switch (dept.Mode)
        {
            case SeriesMode.FlatScore:
                labels.Add(new AnomalyLabel(latest.FileName, unit.Name, latest.Year, null, "L3"));
                break;
            case SeriesMode.FrozenSatisfaction:
                for (var i = 2; i < years; i++)
                {
                    var form = dept.Forms[i]!;
                    var row = form.Rows.First(r => r.Shape == Shape.Satisfaction);
                    labels.Add(new AnomalyLabel(form.FileName, unit.Name, form.Year, row.Line, "M2"));
                }

                break;
            default:
                break;
        }
    }
}
