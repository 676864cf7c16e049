using System.Text;

namespace PerfEvalAnalytics.Tests.Shared;

/// <summary>Paths to the committed sample data, and bad inputs derived from the reference form.</summary>
internal static class TestData
{
    public const string ReferenceFileName = "2024_hongqiao-town-city-operations-center_dept-overall.txt";
    public const string ExampleFileName = "2023_example-district-city-appearance-office_dept-overall.txt";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Samples => Path.Combine(RepoRoot, "data", "samples");

    public static string ReferencePath => Path.Combine(Samples, ReferenceFileName);

    public static string ExamplePath => Path.Combine(Samples, ExampleFileName);

    public static string GbkPath => Path.Combine(Samples, "variants",
        "2024_hongqiao-town-city-operations-center_dept-overall.gbk.txt");

    public static string CrlfBomPath => Path.Combine(Samples, "variants",
        "2024_hongqiao-town-city-operations-center_dept-overall.crlf-bom.txt");

    public static string[] ReferenceLines() => File.ReadAllText(ReferencePath, Encoding.UTF8).Split('\n');

    /// <summary>The reference form with one line (1-based) replaced by a function of itself.</summary>
    public static string ReferenceWith(int line, Func<string, string> change)
    {
        var lines = ReferenceLines();
        lines[line - 1] = change(lines[line - 1]);
        return string.Join('\n', lines);
    }

    /// <summary>Every kind of bad input the ingestion must refuse, with the expected message and line.</summary>
    public static IEnumerable<BadInput> BadInputs()
    {
        var reference = ReferenceLines();
        static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

        yield return new BadInput("empty", "empty.txt", [], "empty file", null);
        yield return new BadInput("binary", "scan.txt",
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52],
            "binary file", 3);
        yield return new BadInput("not-a-form", "roster.txt", Utf8("姓名\t部门\t电话\n张三\t办公室\t12345\n李四\t财务科\t67890\n"),
            "not a self-evaluation form", null);
        yield return new BadInput("header-missing", "no-header.txt",
            Utf8(string.Join('\n', reference.Where((_, i) => i != 13))), "indicator header row missing", 3);
        yield return new BadInput("truncated", "truncated.txt",
            Utf8(string.Join('\n', reference.Take(50))), "truncated table", 50);
        yield return new BadInput("points-not-numeric", "bad-points.txt",
            Utf8(ReferenceWith(22, l => l.Replace("\t0.50\t0.50\t", "\t零点五\t0.50\t", StringComparison.Ordinal))),
            "分值 '零点五' is not a number", 22);
        yield return new BadInput("score-not-numeric", "bad-score.txt",
            Utf8(ReferenceWith(34, l => l.Replace("\t0.49\t", "\t0.4g\t", StringComparison.Ordinal))),
            "得分 '0.4g' is not a number", 34);
        yield return new BadInput("duplicate-header", "two-headers.txt",
            Utf8(ReferenceWith(40, _ => reference[13])), "duplicate indicator header row", 40);
        yield return new BadInput("utf16-without-bom", "utf16.txt",
            Encoding.Unicode.GetBytes(string.Join('\n', reference)), "UTF-16 text without a byte-order mark", 1);
        yield return new BadInput("unknown-layout", "other-province.txt",
            Utf8(ReferenceWith(14, l => l.Replace("年度指标值", "目标值", StringComparison.Ordinal)
                .Replace("全年完成值", "完成值", StringComparison.Ordinal))),
            "unknown layout: this row looks like the indicator header (it has 一级指标, 权重, 二级指标, 三级指标, 分值, 得分, "
            + "偏差及原因分析) but lacks 年度指标值 (one of 年度指标值/指标值/年度目标值); labels not recognised: 目标值, 完成值",
            14);
        yield return new BadInput("big5", "big5.txt", Big5(string.Join('\n', reference)), "GB18030", null);
    }

    private static byte[] Big5(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(950).GetBytes(text);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PerfEvalAnalytics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PerfEvalAnalytics.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A bad input: its bytes, the text its error must contain, and the line it must name (null: none).</summary>
internal sealed record BadInput(string Case, string FileName, byte[] Bytes, string ExpectedMessage, int? ExpectedLine)
{
    public override string ToString() => Case;
}
