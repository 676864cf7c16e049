using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>
/// One grid, many readers: the same form read from CSV, .xlsx, .xls, HTML and PDF (data/samples/formats, made by
/// scripts/make-format-samples.sh) gives the same normalised JSON as the tab-separated text.
/// </summary>
public class FormatTests
{
    private static string Formats => Path.Combine(TestData.Samples, "formats");

    private static string Original(string name) => name switch
    {
        "reference" => TestData.ReferencePath,
        "yongde-2022" => Path.Combine(TestData.Samples, "published", "26_yongde-minglangzx-yingyang_2022_xm.tsv"),
        "putuo-2022" => Path.Combine(TestData.Samples, "published", "33_putuo-tiyuzhongxin-jiesuan_2022_xm.tsv"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string Normalised(string path) =>
        FormJson.Serialize(FormReader.Read(path), includeSource: false);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "reference", "yongde-2022", "putuo-2022" })
        {
            foreach (var ext in new[] { "csv", "xlsx", "xls", "html", "pdf" })
            {
                data.Add(name, ext);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_FormInAnotherFormat_GivesTheSameNormalisedJsonAsTheText(string name, string extension)
    {
        var path = Path.Combine(Formats, $"{name}.{extension}");

        Assert.Equal(Normalised(Original(name)), Normalised(path));
    }

    [Theory]
    [InlineData("three-sheets.xlsx")]
    [InlineData("three-sheets.xls")]
    public void ReadAll_WorkbookWithThreeFormsOnThreeSheets_GivesThreeFormsNamedBySheet(string file)
    {
        var results = FormReader.ReadAll(Path.Combine(Formats, file));

        Assert.Equal(["虹桥镇城运中心", "永德明朗中学", "普陀体育中心"], results.Select(r => r.Part));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(results.Select(r => r.Part), results.Select(r => r.Form!.Source.Part));
        string[] originals = [Original("reference"), Original("yongde-2022"), Original("putuo-2022")];
        Assert.Equal(originals.Select(Normalised), results.Select(r => FormJson.Serialize(r.Form!, includeSource: false)));
    }

    [Fact]
    public void ReadAll_PageWithTwoTables_GivesTwoForms()
    {
        var results = FormReader.ReadAll(Path.Combine(Formats, "two-tables.html"));

        Assert.Equal(["table 1", "table 2"], results.Select(r => r.Part));
        Assert.Equal(["永德县明朗中学", "上海市普陀区体育事业管理中心"], results.Select(r => r.Form!.UnitName));
    }

    [Fact]
    public void Read_OneFormFromAWorkbookOfThree_IsRefusedWithTheSheetNames()
    {
        var ex = Assert.Throws<FormParseException>(() => FormReader.Read(Path.Combine(Formats, "three-sheets.xlsx")));

        Assert.Contains("holds 3 forms (虹桥镇城运中心, 永德明朗中学, 普陀体育中心)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reference.xlsx", InputFormat.Xlsx)]
    [InlineData("reference.xls", InputFormat.Xls)]
    [InlineData("reference.pdf", InputFormat.Pdf)]
    [InlineData("reference.html", InputFormat.Html)]
    public void Detect_ByContent_NotByExtension(string file, InputFormat expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Formats, file));

        Assert.Equal(expected, InputFormatDetector.Detect(bytes, "renamed.txt"));
        var form = Assert.Single(FormReader.ParseAll(bytes, "renamed.txt")).Form!;
        Assert.Equal(Normalised(TestData.ReferencePath), FormJson.Serialize(form, includeSource: false));
    }

    [Fact]
    public void ReadAll_WorkbookWithABadSheet_ReturnsTheGoodFormsAndTheErrorNamingSheetAndRow()
    {
        var html = "<html><body>"
            + Table(File.ReadAllLines(TestData.ReferencePath))
            + Table(File.ReadAllLines(TestData.ReferencePath).Select(
                (l, i) => i == 33 ? l.Replace("\t0.49\t", "\t0.4g\t", StringComparison.Ordinal) : l))
            + "<table><tr><td>姓名</td><td>电话</td></tr></table></body></html>";

        var results = FormReader.ParseAll(System.Text.Encoding.UTF8.GetBytes(html), "page.html");

        Assert.Equal(2, results.Count);
        Assert.NotNull(results[0].Form);
        Assert.StartsWith("page.html[table 2]:34: 得分 '0.4g' is not a number", results[1].Error!.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAll_WorkbookWithoutAForm_SaysNoSheetHoldsOne()
    {
        var html = "<html><body><table><tr><td>姓名</td><td>电话</td></tr></table></body></html>";

        var ex = Assert.Throws<FormParseException>(
            () => FormReader.ParseAll(System.Text.Encoding.UTF8.GetBytes(html), "roster.html"));

        Assert.Equal("roster.html: not a self-evaluation form: none of the 1 table(s) (table 1) holds a title containing "
            + "绩效自评表 or an indicator header row (一级指标, 三级指标, 年度指标值, 全年完成值, 分值, 得分)", ex.Message);
    }

    [Theory]
    [InlineData(0.5, "0.00", "0.50")]
    [InlineData(0.9887, "0.00%", "98.87%")]
    [InlineData(56506067.93, "#,##0.00", "56,506,067.93")]
    [InlineData(329.77, "General", "329.77")]
    [InlineData(100, null, "100")]
    [InlineData(0.1 + 0.2, "General", "0.3")]
    [InlineData(1234.5, "[$-804]#,##0.0_);[Red](#,##0.0)", "1,234.5")]
    public void ExcelNumber_IsTheTextTheSheetShows(double value, string? format, string expected) =>
        Assert.Equal(expected, ExcelGridReader.NumberText(value, format));

    private static string Table(IEnumerable<string> lines) =>
        "<table>" + string.Concat(lines.Select(l => "<tr>" + string.Concat(l.Split('\t')
            .Select(c => "<td>" + System.Net.WebUtility.HtmlEncode(c) + "</td>")) + "</tr>")) + "</table>";
}
