using System.Security.Cryptography;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>What reading one part of a file (a sheet, a table) gave: a form or the error that stopped it.</summary>
/// <param name="Part">Sheet name, "table N" or null for a single-form file.</param>
/// <param name="Form">The form, when it could be read.</param>
/// <param name="Error">Why it could not, naming file, part and line.</param>
public sealed record FormReadResult(string? Part, EvaluationForm? Form, FormParseException? Error);

/// <summary>
/// Reads form files: bytes → reader picked by content (text TSV/CSV in UTF-8/GBK, .xlsx, .xls, HTML, PDF) →
/// cell grid(s) → form(s). A workbook or page may hold several forms: every sheet or table that holds a form is one.
/// </summary>
public static class FormReader
{
    /// <summary>Forms are a few KiB to a few hundred KiB; anything far larger is not a single form export.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Reads a file that holds one form, or throws <see cref="FormParseException"/>.</summary>
    public static EvaluationForm Read(string path) => Single(ReadAll(path), Path.GetFileName(path));

    /// <summary>Parses the bytes of a file that holds one form.</summary>
    public static EvaluationForm Parse(ReadOnlySpan<byte> bytes, string fileName) =>
        Single(ParseAll(bytes.ToArray(), fileName), fileName);

    /// <summary>
    /// Reads every form in <paramref name="path"/>. Throws <see cref="FormParseException"/> when the file cannot be
    /// read at all or holds no form; a sheet or table that looks like a form but fails is returned with its error,
    /// so the other forms of the file still go in.
    /// </summary>
    public static IReadOnlyList<FormReadResult> ReadAll(string path)
    {
        var fileName = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                throw new FormParseException(fileName, null,
                    $"file is {info.Length:N0} bytes; a form export is expected to be under {MaxFileBytes:N0} bytes");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new FormParseException(fileName, null, $"cannot read the file: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new FormParseException(fileName, null, $"cannot read the file: {ex.Message}");
        }

        return ParseAll(bytes, fileName);
    }

    /// <summary>Parses every form in a file's bytes; see <see cref="ReadAll"/>.</summary>
    public static IReadOnlyList<FormReadResult> ParseAll(byte[] bytes, string fileName)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var format = InputFormatDetector.Detect(bytes, fileName);
        switch (format)
        {
            case InputFormat.Xlsx or InputFormat.Xls:
                return FromParts(ExcelGridReader.Read(bytes, fileName, format), fileName, sha, "sheet");
            case InputFormat.Pdf:
                return [new(null, Recognize(PdfGridReader.Read(bytes, fileName), fileName, sha, "pdf", null), null)];
            case InputFormat.Html:
            {
                var text = TextDecoder.Decode(bytes, fileName);
                var parts = HtmlGridReader.Read(text.Text)
                    .Select(t => new GridPart(t.Part, t.Grid, text.EncodingName)).ToList();
                return FromParts(parts, fileName, sha, "table");
            }

            default:
            {
                var text = TextDecoder.Decode(bytes, fileName);
                var grid = format == InputFormat.Csv ? TsvGridReader.ReadCsv(text.Text) : TsvGridReader.Read(text.Text);
                try
                {
                    return [new(null, Recognize(grid, fileName, sha, text.EncodingName, null), null)];
                }
                catch (FormParseException ex) when (text.EncodingName == "gb18030" && ex.Line is null or <= 3)
                {
                    // A Big5 or Shift-JIS file often decodes as valid but meaningless GB18030; say so.
                    throw new FormParseException(ex.FileName, ex.Line,
                        ex.Reason + "; the file was not UTF-8 and was read as GB18030/GBK: if it is in another "
                        + "encoding (Big5, Shift-JIS …) save it as UTF-8 or GBK");
                }
            }
        }
    }

    private static EvaluationForm Recognize(CellGrid grid, string fileName, string sha, string encoding, string? part) =>
        FormRecognizer.Recognize(grid, new SourceInfo(fileName, sha, encoding) { Part = part });

    private static List<FormReadResult> FromParts(
        IReadOnlyList<GridPart> parts, string fileName, string sha, string partWord)
    {
        var results = new List<FormReadResult>();
        foreach (var part in parts.Where(p => FormRecognizer.LooksLikeForm(p.Grid)))
        {
            try
            {
                results.Add(new(part.Part, Recognize(part.Grid, fileName, sha, part.Encoding, part.Part), null));
            }
            catch (FormParseException ex)
            {
                results.Add(new(part.Part, null, ex));
            }
        }

        if (results.Count == 0)
        {
            var names = string.Join(", ", parts.Select(p => p.Part));
            throw new FormParseException(fileName, null,
                $"not a self-evaluation form: none of the {parts.Count} {partWord}(s) ({names}) holds a title "
                + "containing 绩效自评表 or an indicator header row (一级指标, 三级指标, 年度指标值, 全年完成值, 分值, 得分)");
        }

        return results;
    }

    private static EvaluationForm Single(IReadOnlyList<FormReadResult> results, string fileName)
    {
        if (results.Count > 1)
        {
            throw new FormParseException(fileName, null,
                $"the file holds {results.Count} forms ({string.Join(", ", results.Select(r => r.Part))}); "
                + "expected one here: ingest reads every form of a file");
        }

        var only = results[0];
        return only.Form ?? throw only.Error!;
    }
}
