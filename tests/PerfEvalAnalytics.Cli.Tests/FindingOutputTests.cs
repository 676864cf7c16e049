using System.Text.Json;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Cli.Commands;
using PerfEvalAnalytics.Data.Export;
using PerfEvalAnalytics.Ingestion;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Cli.Tests;

/// <summary>The findings are written a finding at a time (a large run's come from disk); the text must be what the
/// serializer writes for the whole array at once.</summary>
public sealed class FindingOutputTests
{
    private static IReadOnlyList<Finding> ReferenceFindings() =>
        new Analyzer(RuleCatalog.Default()).Run([FormReader.Read(TestData.ReferencePath)]).Findings;

    [Fact]
    public void WriteJson_ReferenceFindings_IsTheSerializersIndentedArray()
    {
        var findings = ReferenceFindings();
        var o = new StringWriter();

        FindingOutput.WriteJson(findings, o);

        var text = o.ToString();
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(findings.Count, doc.RootElement.GetArrayLength());
        // The same text the serializer gives for the parsed array: indentation, relaxed escaping (Chinese as is).
        Assert.Equal(JsonSerializer.Serialize(doc.RootElement, FindingsExporter.JsonOptions) + Environment.NewLine, text);
        Assert.Contains("\"unit\": \"上海市闵行区虹桥镇城市运行管理中心\"", text, StringComparison.Ordinal);
        var first = doc.RootElement[0];
        Assert.Equal(findings[0].Key, first.GetProperty("key").GetString());
        Assert.Equal(findings[0].Message, first.GetProperty("message").GetString());
        Assert.Equal(findings[0].Evidence.Count, first.GetProperty("evidence").EnumerateObject().Count());
    }

    [Fact]
    public void WriteJson_NoFindings_IsAnEmptyArray()
    {
        var o = new StringWriter();

        FindingOutput.WriteJson([], o);

        Assert.Equal("[]" + Environment.NewLine, o.ToString());
    }

    [Fact]
    public void WriteSummary_ReadsOnce_CountsBySeverityMostSeriousRuleFirst()
    {
        var findings = ReferenceFindings();
        var o = new StringWriter();
        var reads = 0;
        IEnumerable<Finding> Once()
        {
            reads++;
            foreach (var f in findings)
            {
                yield return f;
            }
        }

        FindingOutput.WriteSummary(Once(), o, english: false);

        Assert.Equal(1, reads);
        var lines = o.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var high = findings.Count(f => f.Severity == Severity.High);
        Assert.Equal($"{findings.Count} findings: {high} high, {findings.Count(f => f.Severity == Severity.Medium)} medium, "
            + $"{findings.Count(f => f.Severity == Severity.Low)} low", lines[0]);
        // One line per rule: rules with a High finding first, each block in code order.
        var codes = lines.Skip(1).Select(l => l.Trim().Split(' ')[0]).ToList();
        var expected = findings.GroupBy(f => f.Rule.Code)
            .OrderByDescending(g => g.Max(f => f.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        Assert.Equal(expected, codes);
        Assert.True(high > 0 && codes.Count > 3, $"{high} high, {codes.Count} rules");
    }
}
