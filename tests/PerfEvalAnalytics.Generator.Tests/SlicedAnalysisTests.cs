using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Analysis.Rules.Distribution;
using PerfEvalAnalytics.Analysis.Rules.Explanation;
using PerfEvalAnalytics.Analysis.Rules.Targets;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Generator.Tests;

/// <summary>
/// The sliced analysis (slices of whole units, peer rules over summaries) must find exactly what the whole-list
/// analysis finds: same findings, same order, same messages and evidence, same skipped rules.
/// </summary>
public sealed class SlicedAnalysisTests
{
    /// <summary>About 1,500 forms of 125 units, 2021–2024, a fifth with injected anomalies.</summary>
    private static readonly Lazy<List<EvaluationForm>> Corpus = new(() => CorpusGenerator
        .Generate(new CorpusOptions(125, 2021, 2024, Seed: 17, AnomalyRate: 0.2)).Files
        .Select(f => FormReader.Parse(Encoding.UTF8.GetBytes(f.Content), f.FileName))
        // The order the database hands them over in: unit key, year, kind, project.
        .OrderBy(f => UnitNames.Normalize(f.UnitName), StringComparer.Ordinal).ThenBy(f => f.Year)
        .ThenBy(f => f.Kind).ThenBy(f => f.ProjectName ?? string.Empty, StringComparer.Ordinal)
        .ToList());

    /// <summary>Every field of every finding, evidence included (round-trip doubles), one line each.</summary>
    internal static List<string> Dump(AnalysisResult result) =>
    [
        .. result.Findings.Select(f => string.Join('\t', f.Key, f.Severity, f.Form.Unit, f.Form.FileName,
            f.Indicator ?? "-", f.Message, f.MessageEn,
            string.Join(';', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", CultureInfo.InvariantCulture))))),
        .. result.Skipped.Select(s => $"skipped {s.Rule.Code} {s.Form.FileName} {s.Reason}"),
        $"forms {result.FormCount} rules {result.RuleCount} settings {result.SettingsHash}",
    ];

    /// <summary>Consecutive whole units of at least <paramref name="size"/> forms (the last slice may be smaller).</summary>
    private static List<List<EvaluationForm>> Slices(List<EvaluationForm> forms, int size)
    {
        var slices = new List<List<EvaluationForm>> { new() };
        foreach (var unit in forms.GroupBy(f => UnitNames.Normalize(f.UnitName), StringComparer.Ordinal))
        {
            if (slices[^1].Count >= size)
            {
                slices.Add([]);
            }

            slices[^1].AddRange(unit);
        }

        return slices;
    }

    [Theory]
    [InlineData(1, SlicedAnalysis.DefaultFindingsInMemory, TextSpill.DefaultTailTexts)] // one unit per slice
    [InlineData(97, SlicedAnalysis.DefaultFindingsInMemory, TextSpill.DefaultTailTexts)]
    [InlineData(97, 0, TextSpill.DefaultTailTexts)] // every finding on disk: sorted runs merged
    [InlineData(250, 500, TextSpill.DefaultTailTexts)] // in memory for the first slices, then on disk
    [InlineData(97, SlicedAnalysis.DefaultFindingsInMemory, 7)] // the forms' file names read back from disk
    public void Sliced_GeneratedCorpus_FindsExactlyWhatTheWholeListFinds(int sliceForms, int findingsInMemory,
        int fileNamesInMemory)
    {
        var forms = Corpus.Value;
        var catalog = RuleCatalog.Default();
        var whole = new Analyzer(catalog).Run(forms);

        using var sliced = new SlicedAnalysis(catalog, findingsInMemory, fileNamesInMemory);
        var slices = Slices(forms, sliceForms);
        foreach (var slice in slices)
        {
            sliced.Add(slice);
        }

        using var result = sliced.Finish();

        Assert.True(forms.Count > 1_200, $"{forms.Count} forms");
        Assert.Equal(whole.Findings.Count > findingsInMemory, sliced.FindingsSpilled);
        Assert.True(slices.Count > 1, $"{slices.Count} slices");
        // The comparison covers both kinds of batch rule and ML1, not just form rules.
        var codes = whole.Findings.Select(f => f.Rule.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { "E4", "T1", "T7", "L3", "ML1", "T2", "T3", "T4", "M2", "X3", "L1" }, codes);
        Assert.Equal(Dump(whole), Dump(result));
    }

    /// <summary>A rule that keeps its summaries in temporary files by batch, holding <paramref name="inMemory"/>.</summary>
    private static IRule BatchRule(string code, int inMemory) => code switch
    {
        // A pile at 78 in this corpus (2023: 38 forms in [78, 80) against 16 in [76, 78)); the default cut-offs
        // find none in it.
        "L2" => new ScoreBunchingAboveCutoffs(new ScoreBunchingAboveCutoffs.Settings(GoodCutoff: 78m, Ratio: 2,
            Threshold: 1)) { SpillSummaries = inMemory },
        // 总分 ≥ 80 counts as high so that batches are compressed too (84% of 2023's forms), not only flat series.
        "L3" => new ScoreCompression(new ScoreCompression.Settings(HighScore: 80m)) { SpillSummaries = inMemory },
        // One robust SD, so that both the score and the full-mark share stand out somewhere.
        "L5" => new PeerOutlierScore(new PeerOutlierScore.Settings(K: 1)) { SpillSummaries = inMemory },
        "T1" => new TargetsEqualActuals(new TargetsEqualActuals.Settings()) { SpillSummaries = inMemory },
        // A lower threshold, so that sets of other units match too, not only the unit's own previous year.
        "T7" => new IdenticalIndicatorSets(new IdenticalIndicatorSets.Settings(MinJaccard: 0.3)) { SpillSummaries = inMemory },
        // The same, every spilled partition compared out of memory (in a scratch SQLite file).
        "T7-scratch" => new IdenticalIndicatorSets(new IdenticalIndicatorSets.Settings(MinJaccard: 0.3))
        {
            SpillSummaries = inMemory, InMemoryBytes = inMemory == int.MaxValue ? long.MaxValue : 0,
        },
        // Every spilled part of E4's cross-unit comparison compared out of memory (in a scratch SQLite file), split
        // into parts of whole (year, indicator) groups first.
        "E4-scratch" => new CopiedExplanation(new CopiedExplanation.Settings())
        {
            SpillRows = inMemory, MaxPartBytes = 64 << 10,
            InMemoryPartBytes = inMemory == int.MaxValue ? long.MaxValue : 0,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a rule whose summaries go by batch"),
    };

    [Theory]
    [InlineData("L2", "cutoff", "countBelow2")]
    [InlineData("L3", "batchN", "seriesYears")] // a batch's top form, a flat series (judged per slice, then joined)
    [InlineData("L5", "score", "fullMarkShare")] // both of L5's tests
    [InlineData("T1", "peerMedian", "share")]
    [InlineData("T7", "priorYearJaccard", "partners")] // the unit's previous year (per slice), other units (per batch)
    [InlineData("T7-scratch", "priorYearJaccard", "partners")] // other units compared out of memory
    [InlineData("E4-scratch", "previousYear", "otherUnits")] // other units compared out of memory
    public void BatchSummaries_EverySummaryOnDisk_FindExactlyWhatTheWholeListFinds(string code, string evidence,
        string otherEvidence)
    {
        // These rules judge complete forms only.
        var forms = Corpus.Value.Where(f => !f.IsIncomplete).ToList();
        var whole = ((IBatchRule)BatchRule(code, int.MaxValue)).Evaluate(forms).ToList();
        var spilling = BatchRule(code, 1);
        var run = ((ISummarizingRule)spilling).StartRun();
        foreach (var slice in Slices(forms, 97))
        {
            run.Add(slice);
        }

        Assert.True(run.Count > 1_000, $"{run.Count} summaries");
        var sliced = run.Evaluate([]).ToList();

        // The corpus exercises both parts of each rule's findings, so the comparison covers what its summaries carry.
        Assert.True(whole.Any(f => f.Evidence.ContainsKey(evidence)), $"no {code} finding with {evidence}");
        Assert.True(whole.Any(f => f.Evidence.ContainsKey(otherEvidence)), $"no {code} finding with {otherEvidence}");
        Assert.Equal(0, run.Count);
        var outOfMemory = spilling switch
        {
            IdenticalIndicatorSets t7 => t7.PartitionsOutOfMemory,
            CopiedExplanation e4 => e4.PartsOutOfMemory,
            _ => 0,
        };
        Assert.Equal(code.EndsWith("-scratch", StringComparison.Ordinal), outOfMemory > 0);

        // Findings come partition by partition: compared in the analysis's order, every field and the evidence.
        Assert.Equal(Describe(FindingOrder.Sort(whole)), Describe(FindingOrder.Sort(sliced)));
    }

    private static List<string> Describe(IEnumerable<Finding> findings) =>
    [
        .. findings.Select(f => string.Join('\t', f.Key, f.Severity, f.Form.Unit, f.Form.FileName, f.Line, f.Message,
            f.MessageEn, string.Join(';', f.Evidence.Select(e => e.Key + "=" + e.Value.ToString("R", CultureInfo.InvariantCulture))))),
    ];

    [Fact]
    public void Sliced_UnitSplitAcrossSlices_IsRefusedNamingTheUnit()
    {
        var unit = Corpus.Value.GroupBy(f => f.UnitName).First(g => g.Count() > 1).ToList();
        var sliced = new SlicedAnalysis(RuleCatalog.Default());
        sliced.Add(unit.Take(1).ToList());

        var error = Assert.Throws<ArgumentException>(() => sliced.Add(unit.Skip(1).ToList()));

        Assert.Contains(UnitNames.Normalize(unit[0].UnitName), error.Message, StringComparison.Ordinal);
        Assert.Contains("two slices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_EveryRuleThatComparesAcrossUnits_KeepsSummariesNotForms()
    {
        var rules = RuleCatalog.Default().Rules;
        var unitScope = rules.OfType<IBatchRule>().Where(r => r.Scope == BatchScope.Unit).Select(r => r.Info.Code);
        var acrossUnits = rules.Where(r => r is IFindingsRule or IBatchRule { Scope: BatchScope.All }).ToList();

        Assert.Equal(["L1", "L4", "M2", "T2", "T3", "T4", "X3"], unitScope.Order(StringComparer.Ordinal));
        Assert.Equal(["E4", "L2", "L3", "L5", "ML1", "T1", "T7"],
            acrossUnits.Select(r => r.Info.Code).Order(StringComparer.Ordinal));
        Assert.All(acrossUnits, r => Assert.IsAssignableFrom<ISummarizingRule>(r));
    }

    [Fact]
    public void RunSummaries_EvaluatedOnce_ReleasesWhatItKept()
    {
        var forms = Corpus.Value.Take(40).ToList();
        var rule = RuleCatalog.Default().Rules.OfType<ISummarizingRule>().First();
        var run = rule.StartRun();
        run.Add(forms.Take(15).ToList());
        run.Add(forms.Skip(15).ToList());

        Assert.Equal(40, run.Count);
        _ = run.Evaluate([]).ToList();
        Assert.Equal(0, run.Count);
    }
}
