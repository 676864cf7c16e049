using System.Text;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Decodes a form file's bytes. Files arrive as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK
/// (most files from Chinese office software); anything else is refused with the offset where decoding failed.
/// </summary>
public static class TextDecoder
{
    // A NUL in the first few KiB of a BOM-less file means a binary file (xlsx, pdf, image), not text.
    private const int BinarySniffBytes = 8192;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private static readonly Encoding StrictGb18030 = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        // GB18030 (a superset of GBK and GB2312) comes from the code-pages provider, not the core set.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Decodes <paramref name="bytes"/> or throws <see cref="FormParseException"/>.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.IsEmpty)
        {
            throw new FormParseException(fileName, null, "empty file (0 bytes); expected a self-evaluation form");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DecodedText(DecodeStrict(StrictUtf8, bytes[3..], fileName, 3), "utf-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DecodedText(Encoding.Unicode.GetString(bytes[2..]), "utf-16");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DecodedText(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16BE");
        }

        var sniff = bytes[..Math.Min(bytes.Length, BinarySniffBytes)];
        var nul = sniff.IndexOf((byte)0);
        if (nul >= 0 && LooksLikeUtf16WithoutBom(sniff))
        {
            throw new FormParseException(fileName, 1,
                "UTF-16 text without a byte-order mark is not supported; save the file as UTF-8 or GBK");
        }

        if (nul >= 0)
        {
            throw new FormParseException(fileName, LineOf(bytes, nul),
                $"binary file (NUL byte at offset {nul}); expected a tab-separated text export of the form "
                + "(UTF-8 or GBK)");
        }

        if (IsValid(StrictUtf8, bytes, out _))
        {
            return new DecodedText(StrictUtf8.GetString(bytes), "utf-8");
        }

        if (IsValid(StrictGb18030, bytes, out var offset))
        {
            return new DecodedText(StrictGb18030.GetString(bytes), "gb18030");
        }

        throw new FormParseException(fileName, LineOf(bytes, offset),
            $"unsupported text encoding: the bytes at offset {offset} are neither UTF-8 nor GB18030/GBK; "
            + "save the file as UTF-8 or GBK");
    }

    // UTF-16 text of CJK and ASCII has a NUL in nearly every other byte (the high byte of ASCII characters).
    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> sniff)
    {
        int even = 0, odd = 0;
        for (var i = 0; i < sniff.Length; i++)
        {
            if (sniff[i] == 0)
            {
                if (i % 2 == 0)
                {
                    even++;
                }
                else
                {
                    odd++;
                }
            }
        }

        var half = sniff.Length / 2;
        return half > 0 && (even > half / 4 || odd > half / 4) && Math.Min(even, odd) < Math.Max(even, odd) / 8;
    }

    private static string DecodeStrict(Encoding encoding, ReadOnlySpan<byte> bytes, string fileName, int skipped)
    {
        if (!IsValid(encoding, bytes, out var offset))
        {
            throw new FormParseException(fileName, LineOf(bytes, offset),
                $"the file starts with a UTF-8 byte-order mark but has invalid UTF-8 at offset {offset + skipped}");
        }

        return encoding.GetString(bytes);
    }

    private static bool IsValid(Encoding encoding, ReadOnlySpan<byte> bytes, out int badOffset)
    {
        try
        {
            _ = encoding.GetCharCount(bytes);
            badOffset = -1;
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            badOffset = ex.Index >= 0 ? ex.Index : 0;
            return false;
        }
    }

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        var end = Math.Clamp(offset, 0, bytes.Length);
        return bytes[..end].Count((byte)'\n') + 1;
    }
}
