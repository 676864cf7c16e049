using System.Text;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Ingestion.Tests;

/// <summary>
/// Text without quotes is split without the CSV parser (<see cref="TsvGridReader.Split"/>); it must give exactly the
/// grid the parser gives: rows, their lines, their cells and the last line.
/// </summary>
public class TsvSplitTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\n\n")]
    [InlineData("\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("a\rb\r\nc\n\rd")]
    [InlineData("a\t\tb\t\n\t")]
    [InlineData(" 绩 效 \t\u3000一级指标\u3000\t  \n\n\n总分\t100\r")]
    public void Split_GivesTheParsersGrid_OnEdgeCases(string text) => AssertSameGrid(text);

    [Fact]
    public void Split_GivesTheParsersGrid_OnRandomTexts()
    {
        // Delimiters, every kind of line break, runs of blank lines, white space of both widths, Chinese text.
        char[] alphabet = ['a', '中', '效', '1', '.', '%', '\t', '\t', ',', '\n', '\n', '\r', ' ', '\u3000', '\u00A0'];
        var random = new Random(20261201);
        for (var i = 0; i < 3000; i++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 40);
            for (var j = 0; j < length; j++)
            {
                sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            AssertSameGrid(sb.ToString());
        }
    }

    [Theory]
    [InlineData(4094)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(8191)]
    public void Split_GivesTheParsersGrid_WhereALineBreakStraddlesTheParsersBuffer(int at)
    {
        // CsvHelper reads 4,096 characters at a time: a \r\n across a refill, a row longer than the buffer.
        AssertSameGrid(new string('a', at) + "\r\n" + "b\tc\r" + new string('中', at) + "\t \n");
        AssertSameGrid(string.Concat(Enumerable.Repeat("x\t", at / 2)) + "\r\n\r\n");
    }

    [Fact]
    public void Split_GivesTheParsersGrid_OnLongRandomTexts()
    {
        char[] alphabet = ['a', '中', '\t', '\n', '\r', ' ', '\u3000'];
        var random = new Random(4096);
        for (var i = 0; i < 60; i++)
        {
            var sb = new StringBuilder();
            var length = random.Next(3_000, 12_000);
            for (var j = 0; j < length; j++)
            {
                // Mostly text, so that rows run long; now and then a break or a delimiter.
                sb.Append(random.Next(8) == 0 ? alphabet[random.Next(alphabet.Length)] : 'a');
            }

            AssertSameGrid(sb.ToString());
        }
    }

    [Fact]
    public void Split_GivesTheParsersGrid_OnEveryTextFormOfTheRepository()
    {
        var folders = new[] { "data", Path.Combine("tests", "PerfEvalAnalytics.Ingestion.Tests", "Golden") }
            .Select(f => Path.Combine(TestData.RepoRoot, f));
        var compared = 0;
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories))
                     .Where(f => Path.GetExtension(f) is ".txt" or ".tsv" or ".csv"))
        {
            string text;
            try
            {
                text = TextDecoder.Decode(File.ReadAllBytes(file), file).Text;
            }
            catch (FormParseException)
            {
                continue; // the fixtures of undecodable files
            }

            if (!text.Contains('"', StringComparison.Ordinal))
            {
                AssertSameGrid(text);
                compared++;
            }
        }

        Assert.True(compared > 500, $"only {compared} files compared");
    }

    [Fact]
    public void Read_StillUnquotesQuotedCells()
    {
        var grid = TsvGridReader.Read("a\t\"two\nlines\"\t\"say \"\"hi\"\"\"\nb");

        Assert.Equal(2, grid.Rows.Count);
        Assert.Equal(["a", "two\nlines", "say \"hi\""], grid.Rows[0].Cells);
        Assert.Equal(3, grid.Rows[1].Line);
    }

    private static void AssertSameGrid(string text)
    {
        foreach (var (delimiter, configuration) in new[]
                 {
                     ('\t', TsvGridReader.Configuration), (',', TsvGridReader.CommaConfiguration),
                 })
        {
            var expected = TsvGridReader.Parse(text, configuration);
            var actual = TsvGridReader.Split(text, delimiter);
            var shown = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            Assert.True(expected.LastLine == actual.LastLine,
                $"'{shown}' ({delimiter}): last line {actual.LastLine}, the parser's {expected.LastLine}");
            Assert.True(expected.Rows.Count == actual.Rows.Count,
                $"'{shown}' ({delimiter}): {actual.Rows.Count} rows, the parser's {expected.Rows.Count}");
            foreach (var (e, a) in expected.Rows.Zip(actual.Rows))
            {
                Assert.True(e.Line == a.Line && e.Cells.SequenceEqual(a.Cells),
                    $"'{shown}' ({delimiter}): row at {a.Line} [{string.Join("|", a.Cells)}], "
                    + $"the parser's at {e.Line} [{string.Join("|", e.Cells)}]");
            }
        }
    }
}
