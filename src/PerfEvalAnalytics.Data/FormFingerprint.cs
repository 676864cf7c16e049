using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// A hash of a parsed form's content without its provenance: the same form saved as GBK and as UTF-8, or with CRLF
/// and LF, has one fingerprint, so re-ingesting it changes nothing.
/// </summary>
/// <remarks>The SHA-256 of the form's JSON with System.Text.Json's default options (property names as declared,
/// non-ASCII escaped) and an empty <see cref="SourceInfo"/>. The JSON is written by a source-generated serializer
/// (<see cref="FingerprintJsonContext"/>: the same bytes as the reflection-based one, without its first-use cost)
/// into a buffer reused per thread.</remarks>
public static class FormFingerprint
{
    /// <summary>A buffer above this size is not kept for the next form.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    /// <summary>Fingerprints already computed, by form instance (the ingest computes them on its reading thread).</summary>
    private static readonly ConditionalWeakTable<EvaluationForm, string> Computed = new();

    private static readonly SourceInfo NoSource = new(string.Empty, string.Empty, string.Empty);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The form's fingerprint, computed once per form instance.</summary>
    public static string Of(EvaluationForm form) => Computed.GetValue(form, Compute);

    private static string Compute(EvaluationForm form)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, form with { Source = NoSource }, FingerprintJsonContext.Default.EvaluationForm);
        writer.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }

        return Convert.ToHexStringLower(hash);
    }
}

/// <summary>The fingerprint's serializer: System.Text.Json's default options, generated at build time.</summary>
[JsonSerializable(typeof(EvaluationForm))]
internal sealed partial class FingerprintJsonContext : JsonSerializerContext;
