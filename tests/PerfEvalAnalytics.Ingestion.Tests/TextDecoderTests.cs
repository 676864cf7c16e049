using System.Text;

namespace PerfEvalAnalytics.Ingestion.Tests;

public class TextDecoderTests
{
    private const string Sample = "单位名称\t上海市闵行区虹桥镇城市运行管理中心\n";

    [Fact]
    public void Decode_Utf8WithBom_StripsBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();

        var decoded = TextDecoder.Decode(bytes, "f.txt");

        Assert.Equal(Sample, decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
    }

    [Fact]
    public void Decode_Gbk_IsReadAsGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(936).GetBytes(Sample);

        var decoded = TextDecoder.Decode(bytes, "f.txt");

        Assert.Equal(Sample, decoded.Text);
        Assert.Equal("gb18030", decoded.EncodingName);
    }

    [Fact]
    public void Decode_Utf16WithBom_IsAccepted()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sample)).ToArray();

        Assert.Equal(Sample, TextDecoder.Decode(bytes, "f.txt").Text);
    }

    [Fact]
    public void Decode_InvalidInBothEncodings_NamesOffsetAndLine()
    {
        // 0xFF can start neither a UTF-8 nor a GB18030 sequence.
        var bytes = Encoding.UTF8.GetBytes("line one\nline two\n").Concat(new byte[] { 0xFF, 0xFF }).ToArray();

        var ex = Assert.Throws<FormParseException>(() => TextDecoder.Decode(bytes, "odd.txt"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("odd.txt:3: unsupported text encoding", ex.Message, StringComparison.Ordinal);
    }
}
