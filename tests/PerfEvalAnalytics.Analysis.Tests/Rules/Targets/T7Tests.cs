using PerfEvalAnalytics.Analysis.Rules.Targets;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Targets;

public sealed class T7Tests
{
    private static readonly IdenticalIndicatorSets Rule = new(new IdenticalIndicatorSets.Settings());

    /// <summary><paramref name="rows"/> count rows; row <paramref name="changed"/> (1-based) gets another target.</summary>
    private static FormBuilder Form(int year, string unit, int rows, int changed = 0, string actualSuffix = "")
    {
        var b = FormBuilder.Department(year).Unit(unit).Level1("产出指标", 25);
        for (var i = 1; i <= rows; i++)
        {
            b.Row("数量指标", $"指标{i}", i == changed ? "≥11人" : "≥10人", $"12人{actualSuffix}", 1m, 1m);
        }

        return b;
    }

    [Fact]
    public void Evaluate_SameSetAndActualsAsLastYear_ReturnsLowFindingOnTheLaterForm()
    {
        var forms = new[] { Form(2023, "甲单位", 6).Build(), Form(2024, "甲单位", 6).Build() };

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, forms), "T7", Severity.Low, null);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(1.0, finding.Evidence["priorYearJaccard"], 6);
        Assert.Equal(6, finding.Evidence["priorYearCommon"]);
    }

    [Fact]
    public void Evaluate_SameSetButActualsChanged_NoFinding()
    {
        var forms = new[]
        {
            Form(2023, "甲单位", 6).Build(),
            FormBuilder.Department(2024).Unit("甲单位").Level1("产出指标", 25)
                .Row("数量指标", "指标1", "≥10人", "15人", 1m, 1m).Row("数量指标", "指标2", "≥10人", "12人", 1m, 1m)
                .Row("数量指标", "指标3", "≥10人", "12人", 1m, 1m).Row("数量指标", "指标4", "≥10人", "12人", 1m, 1m)
                .Row("数量指标", "指标5", "≥10人", "12人", 1m, 1m).Row("数量指标", "指标6", "≥10人", "12人", 1m, 1m)
                .Build(),
        };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_SimilarityJustBelowThreshold_NoFinding()
    {
        // 10 rows, one target changed: 9 common of 11 distinct = 0.82 < 0.9.
        var forms = new[] { Form(2023, "甲单位", 10).Build(), Form(2024, "甲单位", 10, changed: 3).Build() };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_TwoUnitsWithTheSameSetInOneYear_FlagsBothForms()
    {
        var forms = new[] { Form(2024, "甲单位", 6).Build(), Form(2024, "乙单位", 6, actualSuffix: "次").Build() };

        var findings = RuleAssert.Run(Rule, forms);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(1, f.Evidence["partners"]));
        Assert.Contains(findings, f => f.Form.Unit == "甲单位" && f.Message.Contains("乙单位", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_SetsSmallerThanMinimum_AreExcluded()
    {
        var forms = new[] { Form(2024, "甲单位", 4).Build(), Form(2024, "乙单位", 4).Build() };

        Assert.Empty(RuleAssert.Run(Rule, forms));
    }

    [Fact]
    public void Evaluate_ManyUnitsOnOneTemplate_OnlyTheCopiedPairIsFlagged()
    {
        // 60 units share the indicator names but set their own targets; two of them filed the same set. The prefix
        // filter must still find that pair, and nothing else.
        var forms = new List<PerfEvalAnalytics.Domain.EvaluationForm>();
        for (var u = 0; u < 60; u++)
        {
            var b = FormBuilder.Department(2024).Unit($"单位{u:00}").Level1("产出指标", 25);
            for (var i = 1; i <= 10; i++)
            {
                b.Row("数量指标", $"指标{i}", $"≥{(u * 10) + i}人", "12人", 1m, 1m);
            }

            forms.Add(b.Build());
        }

        var copy = FormBuilder.Department(2024).Unit("单位复制").Level1("产出指标", 25);
        for (var i = 1; i <= 10; i++)
        {
            copy.Row("数量指标", $"指标{i}", $"≥{(7 * 10) + i}人", "12人", 1m, 1m);
        }

        forms.Add(copy.Build());

        var findings = RuleAssert.Run(Rule, [.. forms]);

        Assert.Equal(["单位07", "单位复制"], findings.Select(f => f.Form.Unit).Order());
        Assert.All(findings, f => Assert.Equal(1.0, f.Evidence["maxPartnerJaccard"], 6));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // every spilled partition compared out of memory, in a scratch SQLite file
    public void StartRun_SlicesPerUnitAndSpillToDisk_FindsExactlyWhatOneListFinds(bool outOfMemory)
    {
        // Year over year and across units (甲 2024, with 己), across units in 2024 (乙/丙) and in 2023 (甲/丁), sets too
        // small to compare (戊), and forms of both kinds, so that several (year, kind) batches go through the spill:
        // six findings per kind.
        var forms = new List<PerfEvalAnalytics.Domain.EvaluationForm>
        {
            Form(2023, "甲单位", 6).Build(), Form(2024, "甲单位", 6).Build(),
            Form(2024, "乙单位", 8, actualSuffix: "次").Build(), Form(2024, "丙单位", 8, actualSuffix: "个").Build(),
            Form(2023, "丁单位", 6, actualSuffix: "次").Build(), Form(2024, "丁单位", 7, changed: 2).Build(),
            Form(2023, "戊单位", 3).Build(), Form(2024, "戊单位", 3).Build(),
            Form(2024, "己单位", 6, actualSuffix: "件").Build(),
        };
        forms.AddRange(forms.Where(f => f.UnitName != "戊单位").ToList().Select(f => f with
        {
            Kind = PerfEvalAnalytics.Domain.FormKind.Project,
            ProjectName = "同名项目",
            TotalScore = 91.5m,
            Source = f.Source with { FileName = f.Source.FileName + ".project" },
        }));
        var oneList = Rule.Evaluate(forms).ToList();
        var spilling = Spilling(new IdenticalIndicatorSets.Settings(), outOfMemory);
        var run = spilling.StartRun();
        foreach (var unit in forms.GroupBy(f => f.UnitName))
        {
            run.Add(unit.ToList());
        }

        // 戊单位's sets of three indicators are too small to compare, with or without a previous year: not kept.
        Assert.Equal(forms.Count(f => f.UnitName != "戊单位"), run.Count);
        var sliced = run.Evaluate([]).ToList();

        // Every (year, kind) batch went through the scratch file (each in a partition of its own), or none did.
        Assert.Equal(outOfMemory ? 4 : 0, spilling.PartitionsOutOfMemory);
        Assert.Equal(12, oneList.Count);
        Assert.Contains(oneList, f => f.Evidence.ContainsKey("priorYearJaccard") && f.Evidence.ContainsKey("partners"));
        Assert.Contains(oneList, f => f.Form.Project == "同名项目");
        // Findings come partition by partition: compared in the analysis's order.
        Assert.Equal(FindingOrder.Sort(oneList).Select(Describe), FindingOrder.Sort(sliced).Select(Describe));
        Assert.Equal(0, run.Count);
    }

    /// <summary>The rule keeping one summary in memory (every other on disk), comparing every spilled partition out
    /// of memory or none.</summary>
    private static IdenticalIndicatorSets Spilling(IdenticalIndicatorSets.Settings settings, bool outOfMemory) =>
        new(settings) { SpillSummaries = 1, InMemoryBytes = outOfMemory ? 0 : long.MaxValue };

    /// <summary>The findings of a run that slices <paramref name="forms"/> per unit and spills every summary,
    /// comparing its one partition out of memory or in it (asserted), and finding exactly what one list finds.</summary>
    private static List<Finding> RunSpilledAsOneList(PerfEvalAnalytics.Domain.EvaluationForm[] forms, bool outOfMemory)
    {
        var rule = Spilling(new IdenticalIndicatorSets.Settings(), outOfMemory);

        var findings = RunPerUnit(rule, forms);

        Assert.Equal(outOfMemory ? 1 : 0, rule.PartitionsOutOfMemory);
        Assert.Equal(FindingOrder.Sort(Rule.Evaluate(forms)).Select(Describe), FindingOrder.Sort(findings).Select(Describe));
        return findings;
    }

    /// <summary>The findings of a run that slices <paramref name="forms"/> per unit.</summary>
    private static List<Finding> RunPerUnit(IdenticalIndicatorSets rule, IEnumerable<PerfEvalAnalytics.Domain.EvaluationForm> forms)
    {
        var run = rule.StartRun();
        foreach (var unit in forms.GroupBy(f => f.UnitName))
        {
            run.Add(unit.ToList());
        }

        return run.Evaluate([]).ToList();
    }

    [Fact]
    public void OutOfMemory_ManyUnitsShareOneSet_SamePartnersCountsAndNamesAsInMemory()
    {
        // The case below, compared out of memory: ties at Jaccard 1.0 are named by file name, 单位7's near copy
        // (0.905) is found, and two forms of one unit (单位1, under another spelling) are not each other's partner.
        var forms = Enumerable.Range(1, 6)
            .Select(i => Form(2024, $"单位{i}", 20).File($"2024_{7 - i}.txt").Build())
            .Append(Form(2024, "单位7", 20, changed: 4).File("2024_0.txt").Build())
            .Append(Form(2024, " 单位1 ", 20).File("2024_9.txt").Build())
            .ToArray();
        var findings = RunSpilledAsOneList(forms, outOfMemory: true);

        var first = findings.Single(f => f.Form.FileName == "2024_6.txt");
        Assert.Equal(6, first.Evidence["partners"]);
        Assert.Contains("（单位6、单位5、单位4等）", first.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartRun_PartnersWithTheSameJaccardAndFileName_NamedInTheOrderOfThePartition(bool outOfMemory)
    {
        // Every unit files the same set under the same file name (names carry no folder): the partners a finding
        // names are the first three in the partition, in memory and out of it alike.
        var forms = Enumerable.Range(1, 6)
            .Select(i => Form(2024, $"单位{i}", 12).File("项目支出绩效自评表.xlsx").Build())
            .ToArray();
        var findings = RunSpilledAsOneList(forms, outOfMemory);

        Assert.Contains("（单位1、单位2、单位3等）", findings.Single(f => f.Form.Unit == "单位6").Message, StringComparison.Ordinal);
        Assert.Contains("（单位1、单位2、单位4等）", findings.Single(f => f.Form.Unit == "单位3").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xD800, 0xDBFF, 0)] // two different halves of a pair: different targets, no copy
    [InlineData(0xD800, 0xD800, 2)] // the same half: the same set, both forms flagged
    public void OutOfMemory_TargetsDifferingInHalfASurrogatePair_CompareAsFiled(int first, int second, int expected)
    {
        var a = ((char)first).ToString();
        var b = ((char)second).ToString();
        var forms = new[]
        {
            Targets(FormBuilder.Department(2024).Unit("甲单位"), a).Build(),
            Targets(FormBuilder.Department(2024).Unit("乙单位"), b).Build(),
        };
        var rule = Spilling(new IdenticalIndicatorSets.Settings(), outOfMemory: true);

        var findings = RunPerUnit(rule, forms);

        Assert.Equal(1, rule.PartitionsOutOfMemory);
        Assert.Equal(expected, findings.Count);
        Assert.Equal(expected, Rule.Evaluate(forms).Count());

        static FormBuilder Targets(FormBuilder b, string half)
        {
            b.Level1("产出指标", 25);
            for (var i = 1; i <= 6; i++)
            {
                b.Row("数量指标", $"指标{i}", $"≥10人{half}", "12人", 1m, 1m);
            }

            return b;
        }
    }

    private static string Describe(Finding f) => string.Join('|', f.Form, f.Line, f.Severity, f.Message, f.MessageEn,
        string.Join(';', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Evaluate_ManyUnitsShareOneSet_CountsEveryPartner_NamesTheBestThreeByJaccardThenFileName()
    {
        // 单位1–单位6 file the same 20 rows (files named in the reverse order: 单位6's sorts first); 单位7 changes one
        // target (19 common of 21: Jaccard 0.905).
        var forms = Enumerable.Range(1, 6)
            .Select(i => Form(2024, $"单位{i}", 20).File($"2024_{7 - i}.txt").Build())
            .Append(Form(2024, "单位7", 20, changed: 4).File("2024_0.txt").Build())
            .ToArray();

        var findings = RuleAssert.Run(Rule, forms);

        Assert.Equal(7, findings.Count);
        var first = findings.Single(f => f.Form.Unit == "单位1");
        Assert.Equal(6, first.Evidence["partners"]);
        Assert.Equal(1.0, first.Evidence["maxPartnerJaccard"], 6);
        Assert.Contains("与同年度 6 个其他单位的表（单位6、单位5、单位4等）", first.Message, StringComparison.Ordinal);
        var changed = findings.Single(f => f.Form.Unit == "单位7");
        Assert.Equal(19.0 / 21, changed.Evidence["maxPartnerJaccard"], 6);
        Assert.Contains("（单位6、单位5、单位4等）", changed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartRun_OneUnitInSeveralBucketsAndLinkedBucketsOfOneJaccard_CountsOtherUnitsAndMergesByFileName(
        bool outOfMemory)
    {
        // Project forms of 2024 on a set of 20 rows. The template: 甲 (two projects) and 乙. One target changed in
        // row 4: 丙 and 丁; in row 8: 戊 and 甲's third project. Both changed sets are 19/21 = 0.905 from the template
        // and 18/22 = 0.82 from each other.
        var forms = new[]
        {
            Project("甲单位", "项目一", "p2.txt", 0), Project("甲单位", "项目二", "p9.txt", 0), Project("乙单位", "项目", "p5.txt", 0),
            Project("丙单位", "项目", "p1.txt", 4), Project("丁单位", "项目", "p7.txt", 4),
            Project("戊单位", "项目", "p3.txt", 8), Project("甲单位", "项目三", "p0.txt", 8),
        };
        var findings = RunSpilledAsOneList(forms, outOfMemory);

        // 乙: 甲's two template forms (1.0, by file name), then the changed sets merged by file name (p0 before p1).
        var other = findings.Single(f => f.Form.Unit == "乙单位");
        Assert.Equal(6, other.Evidence["partners"]);
        Assert.Contains("（甲单位/项目一、甲单位/项目二、甲单位/项目三等）", other.Message, StringComparison.Ordinal);
        // 甲's template form: 乙 (1.0), then 丙 (p1) and 戊 (p3) at 0.905; 甲's own forms neither counted nor named.
        var own = findings.Single(f => f.Form.Project == "项目一");
        Assert.Equal(4, own.Evidence["partners"]);
        Assert.Contains("（乙单位/项目、丙单位/项目、戊单位/项目等）", own.Message, StringComparison.Ordinal);
        // 丙's changed set: 丁 (1.0), then the template's p2, p5, p9 at 0.905 (not 戊's set, 0.82).
        var changed = findings.Single(f => f.Form.Unit == "丙单位");
        Assert.Equal(4, changed.Evidence["partners"]);
        Assert.Contains("（丁单位/项目、甲单位/项目一、乙单位/项目等）", changed.Message, StringComparison.Ordinal);

        static PerfEvalAnalytics.Domain.EvaluationForm Project(string unit, string project, string file, int changed)
        {
            var b = FormBuilder.Project(2024).Unit(unit).ProjectName(project).File(file).Level1("产出指标", 25);
            for (var i = 1; i <= 20; i++)
            {
                b.Row("数量指标", $"指标{i}", i == changed ? "≥11人" : "≥10人", "12人", 1m, 1m);
            }

            return b.Build();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartRun_SameSetInTwoYearsOfOnePartition_ComparedWithinItsYearOnly(bool outOfMemory)
    {
        // 2016 and 2024 share a spill partition ((year × 2 + kind) mod 16); 甲's 2016 set is 乙's and 丙's of 2024.
        var forms = new[]
        {
            Form(2016, "甲单位", 12).Build(), Form(2024, "乙单位", 12).Build(), Form(2024, "丙单位", 12).Build(),
        };
        var findings = RunSpilledAsOneList(forms, outOfMemory);

        Assert.Equal(["丙单位", "乙单位"], findings.Select(f => f.Form.Unit).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(1, f.Evidence["partners"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartRun_PartnersOfOneJaccardAndFileNameInSeveralBuckets_NamedByPlaceInThePartition(bool outOfMemory)
    {
        // 乙 and 丁 changed row 4, 丙 row 8: all three are 19/21 = 0.905 from 甲's set and filed under one name. 甲's
        // finding names them by their place (乙, 丙, 丁), not bucket by bucket (乙, 丁, 丙).
        var forms = new[]
        {
            Form(2024, "甲单位", 20).File("a.txt").Build(), Form(2024, "乙单位", 20, changed: 4).File("表.xlsx").Build(),
            Form(2024, "丙单位", 20, changed: 8).File("表.xlsx").Build(), Form(2024, "丁单位", 20, changed: 4).File("表.xlsx").Build(),
        };
        var findings = RunSpilledAsOneList(forms, outOfMemory);

        var first = findings.Single(f => f.Form.Unit == "甲单位");
        Assert.Equal(3, first.Evidence["partners"]);
        Assert.Contains("（乙单位、丙单位、丁单位）", first.Message, StringComparison.Ordinal);
    }
}
