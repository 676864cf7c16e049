using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

public class BadInputTests
{
    public static TheoryData<string> Cases() => [.. TestData.BadInputs().Select(b => b.Case)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_BadInput_ThrowsOneLineErrorNamingFileLineAndExpectation(string badCase)
    {
        var input = TestData.BadInputs().Single(b => b.Case == badCase);

        var ex = Assert.Throws<FormParseException>(() => FormReader.Parse(input.Bytes, input.FileName));

        Assert.Equal(input.FileName, ex.FileName);
        Assert.Equal(input.ExpectedLine, ex.Line);
        var prefix = input.ExpectedLine is null ? $"{input.FileName}: " : $"{input.FileName}:{input.ExpectedLine}: ";
        Assert.StartsWith(prefix, ex.Message, StringComparison.Ordinal);
        Assert.Contains(input.ExpectedMessage, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
