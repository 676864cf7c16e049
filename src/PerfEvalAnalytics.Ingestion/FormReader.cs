using System.Security.Cryptography;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>Reads one form file: bytes → text (UTF-8/GBK) → grid → form.</summary>
public static class FormReader
{
    /// <summary>Forms are a few KiB to a few hundred KiB; anything far larger is not a single form export.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>Reads and parses <paramref name="path"/>, or throws <see cref="FormParseException"/>.</summary>
    public static EvaluationForm Read(string path)
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

        return Parse(bytes, fileName);
    }

    /// <summary>Parses a file's bytes; <paramref name="fileName"/> is used in messages and provenance.</summary>
    public static EvaluationForm Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = TextDecoder.Decode(bytes, fileName);
        var grid = TsvGridReader.Read(text.Text);
        try
        {
            return FormRecognizer.Recognize(grid, new SourceInfo(fileName, sha, text.EncodingName));
        }
        catch (FormParseException ex) when (text.EncodingName == "gb18030" && ex.Line is null or <= 3)
        {
            // A Big5 or Shift-JIS file often decodes as valid but meaningless GB18030; say so.
            throw new FormParseException(ex.FileName, ex.Line,
                ex.Reason + "; the file was not UTF-8 and was read as GB18030/GBK: if it is in another encoding "
                + "(Big5, Shift-JIS …) save it as UTF-8 or GBK");
        }
    }
}
