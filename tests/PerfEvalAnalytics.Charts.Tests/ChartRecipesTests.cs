using ScottPlot;

namespace PerfEvalAnalytics.Charts.Tests;

/// <summary>Every recipe renders to SVG with its title and the CJK font (ScottPlot Cookbook style); the files are
/// kept under artifacts/charts for review.</summary>
public sealed class ChartRecipesTests
{
    public static TheoryData<string> Recipes => new(RecipeBook.Keys);

    private static readonly Dictionary<string, Func<Plot>> RecipeBook = new()
    {
        ["score-distribution"] = () => ScoreDistributionChart.Build(
            [new(60, 70, 2), new(70, 80, 5), new(80, 90, 9), new(90, 100, 30)], [60, 80, 90],
            new ChartText("自评得分分布", "得分", "表单数")),
        ["completion-ratio"] = () => CompletionRatioChart.Build(
            [new(80, 90, 3), new(90, 100, 8), new(100, 110, 60), new(110, 120, 4)],
            new ChartText("完成率分布", "完成率 %", "指标数")),
        ["unit-year-heatmap"] = () => UnitYearHeatmapChart.Build(
            new HeatmapData(["虹桥镇城市运行管理中心", "示例区市容管理办公室"], ["2023", "2024"],
                new double?[,] { { null, 12 }, { 3, 5 } }),
            new ChartText("单位 × 年度 发现数", "年度")),
        ["trend"] = () => TrendChart.Build(
            [new YearSeries("虹桥镇城市运行管理中心", [(2022, 0.91), (2023, 0.95), (2024, 0.99)]),
             new YearSeries("示例单位", [(2023, 0.80), (2024, 0.85)])],
            new ChartText("执行率", "年度", "执行率")),
        ["category-bars"] = () => CategoryBarsChart.Build(
            [("高", 4), ("中", 10), ("低", 22)], new ChartText("按严重程度的发现数")),
    };

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Recipe_RenderedToSvg_ContainsTitleAndCjkFont(string name)
    {
        var plot = RecipeBook[name]();
        var title = plot.Axes.Title.Label.Text;

        var svg = ChartStyle.ToSvg(plot, 640, 400);

        Directory.CreateDirectory(ArtifactFolder);
        File.WriteAllText(Path.Combine(ArtifactFolder, name + ".svg"), svg);
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains(title, svg, StringComparison.Ordinal);
        Assert.Contains(ChartStyle.FontName, svg, StringComparison.Ordinal);
        Assert.True(svg.Length > 1000, $"{name}: only {svg.Length} characters of SVG");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Recipe_RenderedToPng_HasTheSizeAskedForAndTheCjkFont(string name)
    {
        var plot = RecipeBook[name]();

        var png = ChartStyle.ToPng(plot, 640, 400);

        Directory.CreateDirectory(ArtifactFolder);
        File.WriteAllBytes(Path.Combine(ArtifactFolder, name + ".png"), png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // IHDR: width and height, big-endian, at bytes 16-23.
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.Equal(ChartStyle.FontName, plot.Axes.Title.Label.FontName);
        Assert.True(png.Length > 5000, $"{name}: only {png.Length} bytes of PNG");
    }

    [Fact]
    public void ToPng_ZeroHeight_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartStyle.ToPng(new Plot(), 100, 0));

    [Fact]
    public void Heatmap_NoRows_RendersEmptyPlotWithTitle()
    {
        var plot = UnitYearHeatmapChart.Build(new HeatmapData([], [], new double?[0, 0]), new ChartText("空"));

        var svg = ChartStyle.ToSvg(plot, 300, 200);

        Assert.Contains("空", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSvg_ZeroWidth_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartStyle.ToSvg(new Plot(), 0, 100));

    private static string ArtifactFolder => Path.Combine(PerfEvalAnalytics.Tests.Shared.TestData.RepoRoot, "artifacts", "charts");
}
