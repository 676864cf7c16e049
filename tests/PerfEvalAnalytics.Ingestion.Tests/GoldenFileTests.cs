using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>
/// Every sample under data/samples parses to its golden JSON in Golden/. To regenerate after a deliberate change,
/// run the tests with PERFEVAL_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class GoldenFileTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        var files = Directory.EnumerateFiles(TestData.Samples, "*", SearchOption.AllDirectories)
            .Where(f => FormFiles.FolderExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (var f in files)
        {
            data.Add(Path.GetRelativePath(TestData.Samples, f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_Sample_MatchesGoldenJson(string relativePath)
    {
        // A workbook or page with several forms pins them all, in order.
        var actual = string.Concat(FormReader.ReadAll(Path.Combine(TestData.Samples, relativePath))
            .Select(r => (r.Form is null ? r.Error!.Message : FormJson.Serialize(r.Form)) + "\n"));
        var golden = Path.Combine(TestData.RepoRoot, "tests", "PerfEvalAnalytics.Ingestion.Tests", "Golden",
            Path.GetFileName(relativePath) + ".expected.json");

        Golden.AssertMatches(golden, actual);
    }

    [Theory]
    [InlineData("variants/2024_hongqiao-town-city-operations-center_dept-overall.gbk.txt", "gb18030")]
    [InlineData("variants/2024_hongqiao-town-city-operations-center_dept-overall.crlf-bom.txt", "utf-8")]
    public void Parse_EncodingAndLineEndingVariants_GiveTheSameFormAsTheReference(string variant, string encoding)
    {
        var reference = FormReader.Read(TestData.ReferencePath);
        var copy = FormReader.Read(Path.Combine(TestData.Samples, variant));

        Assert.Equal(encoding, copy.Source.Encoding);
        Assert.NotEqual(reference.Source.Sha256, copy.Source.Sha256);
        Assert.Equal(FormJson.Serialize(reference, includeSource: false), FormJson.Serialize(copy, includeSource: false));
    }
}
