using System.Text;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Charts;
using PerfEvalAnalytics.Data.Queries;
using PerfEvalAnalytics.Generator;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Notebooks.Tests;

/// <summary>The glue the notebooks call instead of holding code of their own.</summary>
public sealed class GlueTests
{
    private static string RulesFile => Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json");

    [Fact]
    public async Task ScratchStore_GeneratedCorpus_IngestsAnalysesAndEvaluatesAsTheCliDoes()
    {
        using var corpus = new TempFolder();
        var (forms, labels) = CorpusGenerator.WriteTo(new CorpusOptions(6, 2022, 2024, Seed: 5, AnomalyRate: 0.5),
            corpus.Path);

        string scratchFolder;
        using (var store = await ScratchStore.CreateAsync([corpus.Path], RulesFile, CancellationToken.None))
        {
            scratchFolder = store.Folder;
            Assert.Equal(forms, store.Ingested.Count);
            Assert.All(store.Ingested, r => Assert.False(r.Failed, r.Detail));
            Assert.True(store.Analysis.Result.Findings.Count > 0);

            var evaluation = await StoredEvaluation.EvaluateAsync(store.Factory, labels, CancellationToken.None);

            // The same figures as the in-memory path (parse, analyse, compare), which the generator's tests pin.
            var inMemory = new Analyzer(RuleCatalog.FromFile(RulesFile))
                .Run([.. Directory.GetFiles(corpus.Path, "*.txt").Order(StringComparer.Ordinal).Select(FormReader.Read)])
                .Findings.Select(f => new FindingRef(f.Form.FileName, f.Form.Unit, f.Form.Year, f.Line, f.Rule.Code))
                .ToList();
            var expected = LabelEvaluator.Evaluate(labels, inMemory);
            Assert.Equal(labels.Count, evaluation.Overall.Labels);
            Assert.Equal(expected.Overall, evaluation.Overall);
            Assert.Equal(expected.Rules, evaluation.Rules);
            Assert.True(File.Exists(Path.Combine(scratchFolder, "perfeval.db")));
        }

        Assert.False(Directory.Exists(scratchFolder), "disposing the store deletes its folder");
    }

    [Fact]
    public async Task ScratchStore_UnreadableFile_ThrowsNamingTheFileAndLeavesNothingBehind()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "roster.txt"), "姓名\t部门\n张三\t办公室\n", Encoding.UTF8);
        var before = Directory.GetDirectories(Path.GetTempPath(), "perfeval-scratch-*").Length;

        var ex = await Assert.ThrowsAsync<InvalidDataException>(
            () => ScratchStore.CreateAsync([folder.Path], RulesFile, CancellationToken.None));

        Assert.Contains("roster.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 1 forms could not be ingested", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "perfeval-scratch-*").Length);
    }

    [Fact]
    public async Task ScratchStore_MissingPath_ThrowsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "perfeval-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(
            () => ScratchStore.CreateAsync([missing], RulesFile, CancellationToken.None));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    private static readonly UnitTrend[] Trends =
    [
        new(1, "示例甲", [Year(2022, 0.9, 88), Year(2024, 0.95, null)]),
        new(2, "示例乙", [Year(2023, null, 91)]),
    ];

    private static UnitYear Year(int year, double? rate, double? score) =>
        new(year, 1, rate, score, null, 0, []);

    [Fact]
    public void Series_SkipsYearsWithoutAValue()
    {
        var series = UnitTrendTables.Series(Trends, y => y.TotalScore);

        Assert.Equal(["示例甲", "示例乙"], series.Select(s => s.Name));
        Assert.Equal([(2022, 88d)], series[0].Points);
        Assert.Equal([(2023, 91d)], series[1].Points);
    }

    [Fact]
    public void Heatmap_UnitsByYears_EmptyWhereNoFormOrNoValue()
    {
        var grid = UnitTrendTables.Heatmap(Trends, y => y.ExecutionRate * 100);

        Assert.Equal(["示例甲", "示例乙"], grid.Rows);
        Assert.Equal(["2022", "2023", "2024"], grid.Columns);
        Assert.Equal(90, grid.Values[0, 0]!.Value, 9);
        Assert.Null(grid.Values[0, 1]);
        Assert.Equal(95, grid.Values[0, 2]!.Value, 9);
        Assert.Null(grid.Values[1, 1]);
    }

    [Fact]
    public void ReferenceForm_ViewsCarryTheFindingsOnTheirLines()
    {
        var form = FormReader.Read(TestData.ReferencePath);
        var findings = new Analyzer(RuleCatalog.FromFile(RulesFile)).Run([form]).Findings;

        var rows = IndicatorView.Of(form, findings);
        var flat = FindingView.Of(findings);

        Assert.Equal(form.Indicators.Count, rows.Count);
        var line34 = rows.Single(r => r.Line == 34);
        Assert.Equal(["C1", "E3"], line34.Findings.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal("274.00(部)", line34.Actual);
        Assert.Equal(findings.Count, flat.Count);
        var c1 = flat.Single(f => f.Rule == "C1");
        Assert.Equal(34, c1.Line);
        Assert.Equal(FindingView.FormatEvidence(findings.Single(f => f.Rule.Code == "C1").Evidence), c1.Evidence);
    }

    [Fact]
    public void FormatEvidence_KeysInOrderInvariantNumbers() =>
        Assert.Equal("A=1234.5; B=0.333333",
            FindingView.FormatEvidence(new Dictionary<string, double> { ["B"] = 1d / 3, ["A"] = 1234.5 }));

    [Fact]
    public void Bins_KeepBoundsAndCounts() =>
        Assert.Equal([new HistogramBin(98, 100, 3), new HistogramBin(100, 102, 40)],
            StoredEvaluation.Bins([new ValueBin(98, 100, 3), new ValueBin(100, 102, 40)]));

    [Fact]
    public void Png_IsBase64OfAPngImage()
    {
        var base64 = ChartImage.Png(CategoryBarsChart.Build([("高", 1)], new ChartText("发现")), 200, 100);

        Assert.StartsWith("iVBORw0KGgo", base64, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(base64).Length > 500);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("perfeval-nbtest-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The tables the notebooks show.</summary>
public sealed class HtmlTableTests
{
    private sealed record Row(string Name, double? Ratio, decimal Score, int Line);

    [Fact]
    public void Of_ColumnsFromPropertiesCellsEncodedAndInvariant()
    {
        var html = HtmlTable.Of([new Row("<≥50个>", 0.827794, 0.50m, 34), new Row("空", null, 1m, 7)]);

        Assert.StartsWith("<table><thead><tr><th>Name</th><th>Ratio</th><th>Score</th><th>Line</th></tr></thead>", html,
            StringComparison.Ordinal);
        Assert.Contains("<td>&lt;≥50个&gt;</td><td style=\"text-align:right\">0.8278</td>"
            + "<td style=\"text-align:right\">0.50</td><td style=\"text-align:right\">34</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>空</td><td></td>", html, StringComparison.Ordinal);
        Assert.EndsWith("</tbody></table>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void OneRow_AnonymousObject_OneRowTable() =>
        Assert.Equal("<table><thead><tr><th>单位</th><th>年度</th></tr></thead><tbody><tr><td>示例</td>"
            + "<td style=\"text-align:right\">2024</td></tr></tbody></table>", HtmlTable.OneRow(new { 单位 = "示例", 年度 = 2024 }));
}
