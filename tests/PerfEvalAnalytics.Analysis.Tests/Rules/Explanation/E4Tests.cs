using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Analysis.Rules.Explanation;

namespace PerfEvalAnalytics.Analysis.Tests.Rules.Explanation;

public sealed class E4Tests
{
    private const string Copied = "由于第三方供应商调整服务范围，本年度巡查案件上报口径发生变化，导致数量与指标值存在差异";

    private static readonly CopiedExplanation Rule = new(new CopiedExplanation.Settings());

    [Fact]
    public void Evaluate_SameTextOnThreeIndicatorsOfOneForm_ReturnsLowFindingPerRow()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "120(件)", 1m, 1m, Copied)
            .Row("数量指标", "整治拆违项目数", "≥300(个)", "320(个)", 1m, 1m, Copied)
            .Row("数量指标", "社工站人员到岗数", "≥18(人)", "18(人)", 1m, 1m, Copied + "。")
            .Build();

        var findings = RuleAssert.Run(Rule, form);

        Assert.Equal([20, 21, 22], findings.Select(f => f.Line!.Value));
        Assert.All(findings, f => Assert.Equal(Severity.Low, f.Severity));
        Assert.Equal(3.0, findings[0].Evidence["sameFormIndicators"], 6);
        Assert.Equal(21.0, findings[0].Evidence["sameFormLine"], 6);
        Assert.Equal(1.0, findings[0].Evidence["similarity"], 6);
        Assert.Contains("第 21、22 行", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TwoIndicatorsOnly_NoFinding()
    {
        var form = FormBuilder.Department()
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "120(件)", 1m, 1m, Copied)
            .Row("数量指标", "整治拆违项目数", "≥300(个)", "320(个)", 1m, 1m, Copied)
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "120(件)", 1m, 1m, Copied) // same indicator twice
            .Build();

        Assert.Empty(RuleAssert.Run(Rule, form));
    }

    [Fact]
    public void Evaluate_SameIndicatorCopiedFromPreviousYear_FlagsTheLaterYear()
    {
        var y2023 = FormBuilder.Department(2023).Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, Copied).Build();
        var y2024 = FormBuilder.Department(2024).Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "80(件)", 1m, 1m, Copied).Build();

        var finding = RuleAssert.Single(RuleAssert.Run(Rule, y2023, y2024), "E4", Severity.Medium, 20);

        Assert.Equal(2024, finding.Form.Year);
        Assert.Equal(2023.0, finding.Evidence["previousYear"], 6);
        Assert.Equal(20.0, finding.Evidence["previousYearLine"], 6);
        Assert.Contains("2023 年", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_YearsTwoApart_NoFinding()
    {
        var y2022 = FormBuilder.Department(2022).Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, Copied).Build();
        var y2024 = FormBuilder.Department(2024).Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, Copied).Build();

        Assert.Empty(RuleAssert.Run(Rule, y2022, y2024));
    }

    [Fact]
    public void Evaluate_SameIndicatorAcrossUnits_FlagsBothAndNamesTheOther()
    {
        var a = FormBuilder.Department().Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, Copied).Build();
        var b = FormBuilder.Department().Unit("乙单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "95(件)", 1m, 0.95m, Copied).Build();

        var findings = RuleAssert.Run(Rule, a, b);

        Assert.Equal(2, findings.Count);
        Assert.Contains("乙单位", findings.Single(f => f.Form.Unit == "甲单位").Message, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal(1.0, f.Evidence["otherUnits"], 6));
    }

    [Fact]
    public void Evaluate_DifferentTextsOrShortPhrases_NoFinding()
    {
        var a = FormBuilder.Department().Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, "受汛期影响，巡查频次减少，下一步将加强夜间巡查安排").Build();
        var b = FormBuilder.Department().Unit("乙单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "95(件)", 1m, 0.95m, "因人员调整，部分网格空缺，拟于次年一季度补齐").Build();
        var c = FormBuilder.Department().Unit("丙单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "95(件)", 1m, 0.95m, "按计划完成").Build();
        var d = FormBuilder.Department().Unit("丁单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "95(件)", 1m, 0.95m, "按计划完成").Build();

        Assert.Empty(RuleAssert.Run(Rule, a, b, c, d));
    }

    [Fact]
    public void Constructor_MinIndicatorsBelowTwo_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CopiedExplanation(new CopiedExplanation.Settings(MinIndicators: 1)));
    }

    [Fact]
    public void Evaluate_SimilarityAtThreshold_FlagsAndJustAboveItDoesNot()
    {
        // A near copy (one word changed): flagged at a threshold equal to its similarity, not just above it.
        var changed = Copied.Replace("本年度", "今年度", StringComparison.Ordinal);
        var similarity = Metrics.Indicators.TrigramJaccard(Copied, changed);
        var atThreshold = new CopiedExplanation(new CopiedExplanation.Settings(Similarity: similarity));
        var above = new CopiedExplanation(new CopiedExplanation.Settings(Similarity: Math.Min(1.0, similarity + 0.001)));
        var a = FormBuilder.Department().Unit("甲单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 0.9m, Copied).Build();
        var b = FormBuilder.Department().Unit("乙单位")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "95(件)", 1m, 0.95m, changed).Build();

        Assert.Equal(2, RuleAssert.Run(atThreshold, a, b).Count);
        Assert.True(similarity >= 0.8, $"similarity {similarity}");
        Assert.Empty(RuleAssert.Run(above, a, b));
    }

    [Theory]
    [InlineData(16L << 20, 32L << 20, long.MaxValue)] // each spilled partition compared whole
    [InlineData(1L, 32L << 20, long.MaxValue)] // each spilled partition split into parts of whole (year, indicator) groups first
    [InlineData(1L, 1L, long.MaxValue)] // and every part compared alone (each beyond what may be compared at once)
    [InlineData(16L << 20, 32L << 20, 0L)] // each spilled partition compared out of memory, in a scratch SQLite file
    [InlineData(1L, 1L, 0L)] // each part of each partition compared out of memory
    public void StartRun_SlicesPerUnitAndSpillToDisk_FindsExactlyWhatOneListFinds(long maxPartBytes,
        long concurrentPartBytes, long inMemoryPartBytes)
    {
        // Every kind of match: same form (丙), previous year (甲), other units (甲/乙/丁, and a near copy).
        var nearCopy = Copied[..^1] + "距"; // 差异 → 差距: one trigram of about forty differs
        var forms = new List<EvaluationForm>();
        foreach (var (unit, text) in new[] { ("甲单位", Copied), ("乙单位", Copied), ("丙单位", "受疫情影响，部分社区活动延期至下半年举办，参与人次低于年初预期数量"), ("丁单位", nearCopy) })
        {
            foreach (var year in new[] { 2023, 2024 })
            {
                var builder = FormBuilder.Department(year).Unit(unit)
                    .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 1m, text);
                if (unit == "丙单位")
                {
                    builder = builder.Row("数量指标", "整治拆违项目数", "≥300(个)", "320(个)", 1m, 1m, text)
                        .Row("数量指标", "社工站人员到岗数", "≥18(人)", "18(人)", 1m, 1m, text);
                }

                forms.Add(builder.Build());
            }
        }

        var oneList = Rule.Evaluate(forms).ToList();
        var spilling = new CopiedExplanation(new CopiedExplanation.Settings())
        {
            SpillRows = 1, MaxPartBytes = maxPartBytes, ConcurrentPartBytes = concurrentPartBytes, CollectEveryRows = 2,
            InMemoryPartBytes = inMemoryPartBytes,
        };
        var run = spilling.StartRun();
        foreach (var unit in forms.GroupBy(f => f.UnitName))
        {
            run.Add(unit.ToList());
        }

        var sliced = run.Evaluate([]).ToList();

        // E4's partitions finish in any order (its findings come in that order): compared in the analysis's order.
        Assert.Equal(FindingOrder.Sort(oneList).Select(Describe), FindingOrder.Sort(sliced).Select(Describe));
        // 甲, 乙 and 丁's row in both years (other units; 2024 also the year before), 丙's three rows in both years.
        Assert.Equal(6 + 6, oneList.Count);
        Assert.Contains(sliced, f => f.Evidence.ContainsKey("previousYear") && f.Evidence.ContainsKey("otherUnits"));
        Assert.Contains(sliced, f => f.Evidence.ContainsKey("sameFormIndicators"));
        Assert.Equal(0, run.Count);
        Assert.Equal(inMemoryPartBytes == 0, spilling.PartsOutOfMemory > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // compared out of memory, in a scratch SQLite file
    public void StartRun_RowLinkedToSeveralTexts_CountsEachOtherUnitOnce_NamesThemInTheOrderTheirRowsCame(
        bool outOfMemory)
    {
        // 甲's text is near two others (one word changed each). 乙 and 丁 file the first, 丙 and 丁 (again) the second:
        // 甲 matches three other units (丁 counted once, under the name of its first row), named in run order, and
        // its quoted line is that of the first other unit's row in the most similar bucket.
        var first = Copied.Replace("本年度", "今年度", StringComparison.Ordinal);
        var second = Copied[..^1] + "距";
        var rows = new[] { ("甲单位", Copied), ("乙单位", first), ("丙单位", second), ("丁单位", first), ("丁单位 ", second) };
        var forms = rows.Select((r, i) => FormBuilder.Department(2024).Unit(r.Item1).File($"2024_{i}.txt")
            .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 1m, r.Item2).Build()).ToList();
        var spilling = new CopiedExplanation(new CopiedExplanation.Settings(Similarity: 0.8))
        {
            SpillRows = 1, InMemoryPartBytes = outOfMemory ? 0 : long.MaxValue,
        };
        var run = spilling.StartRun();
        foreach (var form in forms)
        {
            run.Add([form]);
        }

        var sliced = run.Evaluate([]).ToList();
        var oneList = new CopiedExplanation(new CopiedExplanation.Settings(Similarity: 0.8)).Evaluate(forms).ToList();

        Assert.Equal(outOfMemory, spilling.PartsOutOfMemory > 0);
        Assert.Equal(FindingOrder.Sort(oneList).Select(Describe), FindingOrder.Sort(sliced).Select(Describe));
        var jia = sliced.Single(f => f.Form.Unit == "甲单位");
        Assert.Equal(3, jia.Evidence["otherUnits"]);
        Assert.Contains("与其他 3 个单位同年同一指标雷同（乙单位、丙单位、丁单位）", jia.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // compared out of memory, in a scratch SQLite file
    public void StartRun_QuotedLine_IsAnotherUnitsRowInTheMostSimilarText(bool outOfMemory)
    {
        // 甲 (one row before the copied one) and 乙 (two rows before) file the same text; 丙 (three rows before) a near
        // copy. 甲's best match is 乙's identical text (乙's line, not its own); 丙's is the text 甲 filed first.
        var near = Copied.Replace("本年度", "今年度", StringComparison.Ordinal);
        var forms = new[] { ("甲单位", Copied, 1), ("乙单位", Copied, 2), ("丙单位", near, 3) }
            .Select(x =>
            {
                var b = FormBuilder.Department(2024).Unit(x.Item1).File(x.Item1 + ".txt");
                for (var i = 0; i < x.Item3; i++)
                {
                    b = b.Row("数量指标", $"其他指标{i}", "≥1(个)", "1(个)", 1m, 1m);
                }

                return b.Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 1m, x.Item2).Build();
            })
            .ToList();
        var settings = new CopiedExplanation.Settings(Similarity: 0.8);
        var spilling = new CopiedExplanation(settings) { SpillRows = 1, InMemoryPartBytes = outOfMemory ? 0 : long.MaxValue };
        var run = spilling.StartRun();
        foreach (var form in forms)
        {
            run.Add([form]);
        }

        var findings = run.Evaluate([]).ToList();

        Assert.Equal(outOfMemory, spilling.PartsOutOfMemory > 0);
        Assert.Equal(FindingOrder.Sort(new CopiedExplanation(settings).Evaluate(forms)).Select(Describe),
            FindingOrder.Sort(findings).Select(Describe));
        int LineOf(string unit) => forms.Single(f => f.UnitName == unit).Indicators.Single(r => r.Explanation is not null).Line;
        Assert.Equal(LineOf("乙单位"), findings.Single(f => f.Form.Unit == "甲单位").Evidence["otherUnitLine"]);
        Assert.Equal(LineOf("甲单位"), findings.Single(f => f.Form.Unit == "乙单位").Evidence["otherUnitLine"]);
        Assert.Equal(LineOf("甲单位"), findings.Single(f => f.Form.Unit == "丙单位").Evidence["otherUnitLine"]);
        Assert.Equal(1.0, findings.Single(f => f.Form.Unit == "甲单位").Evidence["similarity"]);
        Assert.NotEqual(LineOf("甲单位"), LineOf("乙单位"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // compared out of memory: the texts go to SQLite as UTF-16 code units, not re-encoded
    public void StartRun_SpilledTextsWithHalfASurrogatePair_ComeBackExactly(bool outOfMemory)
    {
        // A text cut inside a surrogate pair (a spreadsheet cell truncated mid-character) must compare and read the
        // same after a spill; UTF-8 would turn the half into U+FFFD.
        var cut = Copied + "\uD83D";
        var forms = new List<string> { "甲单位\uD83D", "乙单位", "丙单位" }
            .Select(unit => FormBuilder.Department(2024).Unit(unit)
                .Row("数量指标", "巡查案件上报量", "≥100(件)", "90(件)", 1m, 1m, cut).Build())
            .ToList();

        var oneList = Rule.Evaluate(forms).ToList();
        var spilling = new CopiedExplanation(new CopiedExplanation.Settings())
        {
            SpillRows = 1, InMemoryPartBytes = outOfMemory ? 0 : long.MaxValue,
        };
        var run = spilling.StartRun();
        foreach (var form in forms)
        {
            run.Add([form]);
        }

        var sliced = run.Evaluate([]).ToList();

        Assert.Equal(outOfMemory, spilling.PartsOutOfMemory > 0);
        Assert.Equal(3, oneList.Count);
        Assert.Contains(oneList, f => f.Message.Contains("甲单位\uD83D", StringComparison.Ordinal));
        // E4's partitions finish in any order (its findings come in that order): compared in the analysis's order.
        Assert.Equal(FindingOrder.Sort(oneList).Select(Describe), FindingOrder.Sort(sliced).Select(Describe));
    }

    private static string Describe(Finding f) =>
        string.Join('|', f.Form.Unit, f.Form.Year, f.Line, f.Severity, f.Message, f.MessageEn,
            string.Join(';', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
}
