using PerfEvalAnalytics.Analysis.Outliers;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Outliers;

public sealed class ML1Tests
{
    private static readonly PcaOutlierScorer Rule = new(new PcaOutlierScorer.Settings());

    [Fact]
    public void Evaluate_OddFormAmongFortyOrdinary_OnlyTheOddFormIsFlaggedLowWithDrivers()
    {
        var (forms, findings) = Batch(SyntheticBatch.Odd(40));

        var finding = RuleAssert.Single(Rule.Evaluate(forms, findings).ToList(), "ML1", Severity.Low, null);

        Assert.Equal(FormRef.Of(forms[^1]), finding.Form);
        Assert.Equal(1, finding.Evidence["rank"]);
        Assert.Equal(41, finding.Evidence["n"]);
        Assert.True(finding.Evidence["score"] > finding.Evidence["threshold"]);
        Assert.True(finding.Evidence["z:executionRate"] < -10, "execution rate 55% against a batch of 90–98%");
        Assert.True(finding.Evidence["z:exactHitShare"] > 3, "every uncapped target hit exactly");
        Assert.Equal(0.55, finding.Evidence["x:executionRate"], 6);
        Assert.Equal(1, finding.Evidence["x:exactHitShare"]);
        Assert.Equal(3, finding.Evidence.Keys.Count(k => k.StartsWith("z:", StringComparison.Ordinal)));
        Assert.Contains("执行率（全年执行数/全年预算数） 0.55（z=-13", finding.Message, StringComparison.Ordinal);
        Assert.Contains("全年完成值恰等于年度指标值的占比 1（z=+3", finding.Message, StringComparison.Ordinal);
        Assert.Contains("排第 1 位", finding.Message, StringComparison.Ordinal);
        Assert.Contains("execution rate B/A 0.55", finding.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_OddFormAmongFortyOrdinary_ListsEveryFormWithTheOddOneFirst()
    {
        var (forms, findings) = Batch(SyntheticBatch.Odd(40));

        var ranked = Rule.Rank(forms, findings);

        Assert.Equal(41, ranked.Count);
        Assert.Equal(Enumerable.Range(1, 41), ranked.Select(s => s.Rank));
        Assert.Equal(FormRef.Of(forms[^1]), ranked[0].Form);
        Assert.Equal("executionRate", ranked[0].Drivers[0].Feature);
        Assert.True(ranked[0].Score > 2 * ranked[1].Score, "the odd form stands well clear of the next one");
        Assert.Equal([true], ranked.Where(s => s.IsFlagged).Select(s => s.IsFlagged));
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Score >= p.Second.Score), "ordered by score");
    }

    [Fact]
    public void Rank_SameBatchTwice_IdenticalScoresAndOrder()
    {
        var (forms, findings) = Batch(SyntheticBatch.Odd(40));

        var first = Rule.Rank(forms, findings);
        var second = new PcaOutlierScorer(new PcaOutlierScorer.Settings()).Rank(forms, findings);

        Assert.Equal(first.Select(s => (s.Form, s.Score, s.Rank, s.PcaScore)),
            second.Select(s => (s.Form, s.Score, s.Rank, s.PcaScore)));
    }

    [Fact]
    public void Evaluate_MildlyUnusualForm_IsRankedFirstButNotFlagged()
    {
        // 88% executed (the batch runs 90–98%) and two exact hits: first in the queue, still inside the fence.
        var (forms, findings) = Batch(SyntheticBatch.Mild(40));

        var ranked = Rule.Rank(forms, findings);

        Assert.Empty(Rule.Evaluate(forms, findings));
        Assert.Equal(FormRef.Of(forms[^1]), ranked[0].Form);
        Assert.InRange(ranked[0].Score, ranked[0].Threshold * 0.5, ranked[0].Threshold);
    }

    [Fact]
    public void Evaluate_FewerThanMinForms_NoFindingsAndNoRanking()
    {
        var forms = SyntheticBatch.Ordinaries(18);
        forms.Add(SyntheticBatch.Odd(40));

        Assert.Empty(Rule.Evaluate(forms, SyntheticBatch.OtherFindings(forms)));
        Assert.Empty(Rule.Rank(forms, []));
    }

    [Fact]
    public void Evaluate_ExactlyMinForms_FlagsTheOddForm()
    {
        var forms = SyntheticBatch.Ordinaries(19);
        forms.Add(SyntheticBatch.Odd(40));

        var finding = RuleAssert.Single(Rule.Evaluate(forms, SyntheticBatch.OtherFindings(forms)).ToList(), "ML1",
            Severity.Low, null);

        Assert.Equal(FormRef.Of(forms[^1]), finding.Form);
    }

    [Fact]
    public void Evaluate_IdenticalForms_NoFindings()
    {
        var forms = Enumerable.Range(0, 25).Select(_ => SyntheticBatch.Ordinary(1)).ToList();

        Assert.Empty(Rule.Evaluate(forms, []));
        Assert.All(Rule.Rank(forms, []), s => Assert.Equal(0, s.Score, 6));
    }

    [Fact]
    public void Rank_TiedScores_OrderedByUnitYearAndFileWhateverTheInputOrder()
    {
        // 24 forms with the same features (every score ties): the queue orders them by unit, year and file, not by
        // the order they came in.
        var same = SyntheticBatch.Ordinary(1);
        var forms = Enumerable.Range(0, 24)
            .Select(k => same with
            {
                UnitName = $"示例单位{(k * 7) % 6}",
                Year = 2021 + (k % 4),
                Source = same.Source with { FileName = $"f{(k * 5) % 24:00}.tsv" },
            })
            .ToList();
        var expected = forms.Select(FormRef.Of)
            .OrderBy(f => f.UnitKey, StringComparer.Ordinal).ThenBy(f => f.Year)
            .ThenBy(f => f.FileName, StringComparer.Ordinal)
            .ToList();

        var ranked = Rule.Rank(forms, []);
        var reversed = Rule.Rank(Enumerable.Reverse(forms).ToList(), []);

        Assert.Equal(expected, ranked.Select(s => s.Form));
        Assert.Equal(expected, reversed.Select(s => s.Form));
        Assert.Equal(Enumerable.Range(1, 24), ranked.Select(s => s.Rank));
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(9, 20)]
    [InlineData(3, 4)]
    public void Constructor_InvalidSettings_Throws(int rank, int minForms)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PcaOutlierScorer(new PcaOutlierScorer.Settings(Rank: rank, MinForms: minForms)));
    }

    [Fact]
    public void Evaluate_FormsWithMissingFeatures_ScoresAsRankDoes()
    {
        // Every fifth form without a budget or a total score (two features missing, imputed by the batch median):
        // the findings, made from the features a run keeps packed, carry the scores of the queue's ranking.
        var forms = SyntheticBatch.Ordinaries(40)
            .Select((f, i) => i % 5 == 0 ? f with { BudgetLines = [], TotalScore = null } : f).ToList();
        forms.Add(SyntheticBatch.Odd(40));
        var findings = SyntheticBatch.OtherFindings(forms);

        var found = Rule.Evaluate(forms, findings).ToList();
        var ranked = Rule.Rank(forms, findings);

        Assert.NotEmpty(found);
        Assert.Equal(ranked.Where(s => s.IsFlagged).Select(s => (s.Form, s.Score, s.Rank)),
            found.Select(f => (f.Form, f.Evidence["score"], (int)f.Evidence["rank"])));
        Assert.Equal(41, (int)found[0].Evidence["n"]);
    }

    [Fact]
    public void StartRun_FeaturesSpilledToDisk_FindsExactlyWhatTheWholeListFinds()
    {
        // Missing features too, so the missing bits go through the file; three forms per buffer, so most of the
        // run's features are read back from it.
        var forms = SyntheticBatch.Ordinaries(40)
            .Select((f, i) => i % 4 == 0 ? f with { BudgetLines = [], TotalScore = null } : f).ToList();
        forms.Add(SyntheticBatch.Odd(40));
        forms.Add(SyntheticBatch.Mild(41));
        var findings = SyntheticBatch.OtherFindings(forms);
        var spilling = new PcaOutlierScorer(new PcaOutlierScorer.Settings()) { SpillRecords = 3 };

        var run = spilling.StartRun();
        foreach (var slice in forms.Chunk(7))
        {
            run.Add(slice);
        }

        Assert.Equal(forms.Count, run.Count);
        var found = run.Evaluate(findings).ToList();
        var whole = Rule.Evaluate(forms, findings).ToList();

        Assert.NotEmpty(whole);
        Assert.Equal(whole.Select(Show), found.Select(Show));
        Assert.Equal(0, run.Count); // evaluating releases what the run kept
    }

    [Fact]
    public void Evaluate_MoreFormsThanFitForms_FitsOnASampleAndStillFlagsTheOddForm()
    {
        // 120 forms, a model fitted on 30 of them: the odd form is reported whether or not it was drawn, with the
        // batch's size as n, the sample's size in the evidence and in both messages.
        var forms = SyntheticBatch.Ordinaries(119);
        forms.Add(SyntheticBatch.Odd(119));
        var sampled = new PcaOutlierScorer(new PcaOutlierScorer.Settings(FitForms: 30));

        var finding = RuleAssert.Single(sampled.Evaluate(forms, SyntheticBatch.OtherFindings(forms)).ToList(), "ML1",
            Severity.Low, null);

        Assert.Equal(FormRef.Of(forms[^1]), finding.Form);
        Assert.Equal(120, finding.Evidence["n"]);
        Assert.Equal(30, finding.Evidence["sample"]);
        Assert.InRange(finding.Evidence["trainedOn"], 5, 30);
        Assert.True(finding.Evidence["z:executionRate"] < -10, "execution rate 55% against a sample of 90–98%");
        Assert.Contains("按同批随机抽取的 30 张表估计", finding.Message, StringComparison.Ordinal);
        Assert.Contains("random sample of 30 of the batch's forms", finding.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FitFormsEqualToTheBatch_NoSampleAndTheDefaultsFindings()
    {
        // The near miss: a batch of exactly FitForms forms is fitted whole, as with the default.
        var (forms, findings) = Batch(SyntheticBatch.Odd(40));
        var atTheEdge = new PcaOutlierScorer(new PcaOutlierScorer.Settings(FitForms: forms.Count));

        var found = atTheEdge.Evaluate(forms, findings).ToList();

        Assert.Equal(Rule.Evaluate(forms, findings).Select(Show), found.Select(Show));
        Assert.DoesNotContain("sample", found.Single().Evidence.Keys);
    }

    [Fact]
    public void StartRun_SampledBatchFromDisk_FindsExactlyWhatTheWholeListFindsAndRepeats()
    {
        // Rows on disk three at a time and a sample of 25 of 83 forms: a run over slices and the whole list draw the
        // same sample (seeded) and score every form alike; so does a second run.
        var forms = SyntheticBatch.Ordinaries(80)
            .Select((f, i) => i % 4 == 0 ? f with { BudgetLines = [], TotalScore = null } : f).ToList();
        forms.Add(SyntheticBatch.Odd(80));
        forms.Add(SyntheticBatch.Odd(81));
        forms.Add(SyntheticBatch.Mild(82));
        var findings = SyntheticBatch.OtherFindings(forms);
        var settings = new PcaOutlierScorer.Settings(FitForms: 25);
        var spilling = new PcaOutlierScorer(settings) { SpillRecords = 3 };

        List<string> RunOnce()
        {
            var run = spilling.StartRun();
            foreach (var slice in forms.Chunk(7))
            {
                run.Add(slice);
            }

            return [.. run.Evaluate(findings).Select(Show)];
        }

        var whole = new PcaOutlierScorer(settings).Evaluate(forms, findings).Select(Show).ToList();

        Assert.NotEmpty(whole);
        Assert.All(whole, f => Assert.Contains("sample=25", f, StringComparison.Ordinal));
        Assert.Equal(whole, RunOnce());
        Assert.Equal(whole, RunOnce());
    }

    [Fact]
    public void Constructor_FitFormsBelowMinForms_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PcaOutlierScorer(new PcaOutlierScorer.Settings(MinForms: 20, FitForms: 19)));
    }

    private static string Show(Finding f) => string.Join('|', f.Form, f.Message, f.MessageEn,
        string.Join(',', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    private static (List<EvaluationForm> Forms, List<Finding> Findings) Batch(EvaluationForm extra)
    {
        var forms = SyntheticBatch.Ordinaries(40);
        forms.Add(extra);
        return (forms, SyntheticBatch.OtherFindings(forms));
    }
}
