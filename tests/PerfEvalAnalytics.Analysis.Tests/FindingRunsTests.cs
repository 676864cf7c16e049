using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class FindingRunsTests
{
    private static readonly RuleInfo RuleA = new("A1", "规则甲", "Rule A", "Test");
    private static readonly RuleInfo RuleB = new("B2", "规则乙", "Rule B", "Test");

    /// <summary>A finding of unit <paramref name="unit"/>; <paramref name="tag"/> goes into the message so that
    /// findings with equal sort keys can be told apart.</summary>
    private static Finding F(string unit, int year, int? line, RuleInfo rule, string tag, string? project = null,
        string? indicator = null) =>
        new(rule, line is null ? Severity.High : Severity.Low,
            new FormRef(unit, year, project is null ? FormKind.DepartmentOverall : FormKind.Project, project, unit + year + ".tsv"),
            line, indicator, "消息" + tag, "message " + tag,
            EvidenceDictionary.Of([new("ratio", 0.1 + line.GetValueOrDefault()), new("target", 125.5)]));

    /// <summary>Runs with ties across runs (same unit, year, line, rule), null fields, and several units.</summary>
    private static List<List<Finding>> Runs() =>
    [
        [F("乙单位", 2024, 12, RuleA, "r0a"), F("甲单位", 2023, null, RuleB, "r0b"), F("甲单位", 2023, 7, RuleA, "r0c")],
        [F("甲单位", 2023, 7, RuleA, "r1a"), F("丙单位", 2022, 3, RuleB, "r1b", "项目一", "群众满意度")],
        [],
        [F("甲单位", 2023, 7, RuleA, "r3a"), F("乙单位", 2021, 5, RuleB, "r3b"), F("甲单位", 2023, 7, RuleA, "r3c")],
    ];

    private static string Show(Finding f) => string.Join('|', f.Key, f.Severity, f.Form.FileName, f.Message,
        f.MessageEn, string.Join(';', f.Evidence.Select(e => $"{e.Key}={e.Value:R}")));

    [Theory]
    [InlineData(0)] // every run on disk
    [InlineData(3)] // the first run in memory, then all on disk
    [InlineData(100)] // nothing on disk
    public void Ordered_AnyMemoryLimit_IsTheStableSortOfEveryFinding(int memoryLimit)
    {
        using var folder = new TempFolder("finding-runs-");
        var runs = Runs();
        var expected = runs.SelectMany(r => r).OrderBy(FindingOrder.Of).Select(Show).ToList();
        var found = new FindingRuns(memoryLimit, folder.Path);
        foreach (var run in Runs())
        {
            found.Add(run);
        }

        Assert.Equal(8, found.Count);
        Assert.Equal(memoryLimit < 8, found.Spilled);
        // Every finding so far, run by run (a run on disk is sorted).
        Assert.Equal(runs.SelectMany(r => r).Select(Show).Order(), found.Snapshot().Select(Show).Order());

        var ordered = found.Ordered();
        found.Dispose();
        Assert.Equal(expected, ordered.Select(Show));
        Assert.Equal(expected, ordered.Select(Show)); // read again
        Assert.Equal(expected, Enumerable.Range(0, ordered.Count).Select(i => Show(ordered[i])));
        // The three ties of 甲单位 2023 line 7 A1 keep the order they were found in.
        Assert.Equal(["消息r0c", "消息r1a", "消息r3a", "消息r3c"],
            ordered.Where(f => f.Line == 7).Select(f => f.Message));
        Assert.Null(ordered.Single(f => f.Line is null).Indicator);
        Assert.Equal("群众满意度", ordered.Single(f => f.Form.Project is not null).Indicator);

        (ordered as IDisposable)?.Dispose();
        Assert.Empty(folder.Files()); // the temporary files are gone
    }

    [Fact]
    public void Ordered_SpilledList_LeavesNoFileBehind_AndReadsFromSeveralThreads()
    {
        using var folder = new TempFolder("finding-runs-");
        var found = new FindingRuns(0, folder.Path);
        var many = Enumerable.Range(0, 500).Select(i => F("单位" + (i % 37), 2020 + (i % 5), i % 11, RuleA, "n" + i)).ToList();
        found.Add(many);
        // On Unix the name goes at once (the open file keeps the data: a killed process leaves nothing behind);
        // on Windows the file is deleted when closed.
        Assert.Equal(OperatingSystem.IsWindows() ? 1 : 0, folder.Files().Length);
        var ordered = found.Ordered();
        var expected = many.OrderBy(FindingOrder.Of).Select(Show).ToList();
        var read = new string[ordered.Count];
        Parallel.For(0, ordered.Count, i => read[i] = Show(ordered[i]));
        Assert.Equal(expected, read);
        Assert.Throws<ObjectDisposedException>(() => found.Add([F("乙单位", 2023, 1, RuleA, "y")]));
        ((IDisposable)ordered).Dispose();
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Ordered_TextWithHalfASurrogatePair_ReadsBackExactly()
    {
        // A quote cut mid-character leaves a lone high surrogate; UTF-8 would turn it into U+FFFD.
        var cut = "引用“𠀋"[..^1] + "”";
        var finding = F("甲单位", 2024, 3, RuleB, cut, indicator: cut);
        var found = new FindingRuns(0);
        found.Add([finding]);
        var ordered = found.Ordered();
        try
        {
            Assert.Equal(finding.Message, ordered[0].Message);
            Assert.Equal(cut, ordered.Single().Indicator);
        }
        finally
        {
            ((IDisposable)ordered).Dispose();
        }
    }
}
