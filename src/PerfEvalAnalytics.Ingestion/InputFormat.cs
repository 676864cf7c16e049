namespace PerfEvalAnalytics.Ingestion;

/// <summary>The kinds of file a form arrives in.</summary>
public enum InputFormat
{
    /// <summary>Tab-separated text ("Text (Tab delimited)").</summary>
    Tsv,

    /// <summary>Comma-separated text.</summary>
    Csv,

    /// <summary>Excel 2007+ workbook (a zip package).</summary>
    Xlsx,

    /// <summary>Excel 97-2003 workbook (an OLE compound file).</summary>
    Xls,

    /// <summary>A web page holding the form as a &lt;table&gt;.</summary>
    Html,

    /// <summary>A PDF with a text layer.</summary>
    Pdf,
}

/// <summary>Picks the reader by the file's content (magic bytes, markup), using the extension only to break ties.</summary>
public static class InputFormatDetector
{
    public static InputFormat Detect(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return InputFormat.Xlsx;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return InputFormat.Xls;
        }

        if (bytes.StartsWith("%PDF"u8))
        {
            return InputFormat.Pdf;
        }

        if (LooksLikeHtml(bytes))
        {
            return InputFormat.Html;
        }

        // Text: a tab anywhere means a tab-separated export (Chinese text often holds ASCII commas); a .csv
        // without tabs is comma-separated.
        if (bytes.IndexOf((byte)'\t') < 0
            && Path.GetExtension(fileName).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return InputFormat.Csv;
        }

        return InputFormat.Tsv;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> bytes)
    {
        // Skip a UTF-8 BOM and leading white space; a page starts with '<' (<!DOCTYPE, <html, <table, <meta …).
        var s = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        var i = 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i >= s.Length || s[i] != (byte)'<')
        {
            return false;
        }

        var head = System.Text.Encoding.ASCII.GetString(s[i..Math.Min(s.Length, i + 4096)]).ToUpperInvariant();
        return head.Contains("<HTML", StringComparison.Ordinal) || head.Contains("<!DOCTYPE", StringComparison.Ordinal)
            || head.Contains("<TABLE", StringComparison.Ordinal) || head.Contains("<META", StringComparison.Ordinal)
            || head.Contains("<BODY", StringComparison.Ordinal) || head.Contains("<HEAD", StringComparison.Ordinal);
    }
}
