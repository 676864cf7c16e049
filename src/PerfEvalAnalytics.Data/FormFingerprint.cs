using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// A hash of a parsed form's content without its provenance: the same form saved as GBK and as UTF-8, or with CRLF
/// and LF, has one fingerprint, so re-ingesting it changes nothing.
/// </summary>
/// <remarks>
/// <para>The SHA-256 of every value of the form but its <see cref="SourceInfo"/>, written in a fixed binary layout
/// (<see cref="ContentWriter"/>: a version tag, then each value in declaration order; texts as their length and
/// UTF-16 code units, null apart from empty; decimals with their scale, so 1.0 and 1.00 differ as filed) into a buffer
/// reused per thread. Tests pin the fingerprint of a form built in code (so the layout cannot change unnoticed), and
/// change every value of a form in turn expecting a new fingerprint (so a value added to the domain is not left
/// out).</para>
/// <para>Until session 23 (2026-12-01) the fingerprint was the SHA-256 of the form's JSON (System.Text.Json's
/// default options, an empty <see cref="SourceInfo"/>); replacing it saved about a fifth of a 1,000-form ingest's CPU
/// (the serializer's handlers, escaping every Chinese character, still ran unoptimised in so short a run). Stores
/// keep those fingerprints; <see cref="Matches"/> accepts them, computing the old one only for a form whose stored
/// fingerprint is not the current one, so re-ingesting into an older store still finds its forms unchanged.</para>
/// </remarks>
public static class FormFingerprint
{
    /// <summary>A buffer above this size is not kept for the next form.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    /// <summary>The layout's version, hashed first.</summary>
    private const int LayoutVersion = 2;

    /// <summary>Fingerprints already computed, by form instance (the ingest computes them on its reading thread).</summary>
    private static readonly ConditionalWeakTable<EvaluationForm, string> Computed = new();

    private static readonly SourceInfo NoSource = new(string.Empty, string.Empty, string.Empty);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The form's fingerprint, computed once per form instance.</summary>
    public static string Of(EvaluationForm form) => Computed.GetValue(form, Compute);

    /// <summary>Whether <paramref name="stored"/>, a stored form's fingerprint, is this form's: the current
    /// fingerprint or the one stores held until session 23, 2026-12-01 (<see cref="Legacy"/>).</summary>
    public static bool Matches(string stored, EvaluationForm form)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return string.Equals(stored, Of(form), StringComparison.Ordinal)
            || string.Equals(stored, Legacy(form), StringComparison.Ordinal);
    }

    /// <summary>The fingerprint as stored until session 23 (2026-12-01): the SHA-256 of the form's JSON, default
    /// options, no provenance.</summary>
    internal static string Legacy(EvaluationForm form)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(form with { Source = NoSource },
            FingerprintJsonContext.Default.EvaluationForm);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private static string Compute(EvaluationForm form)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        new ContentWriter(buffer).Form(form);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
        }

        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The form's values in the fingerprint's layout.</summary>
    private readonly struct ContentWriter(ArrayBufferWriter<byte> buffer)
    {
        public void Form(EvaluationForm f)
        {
            Int(LayoutVersion);
            Int((int)f.Kind);
            Text(f.UnitName);
            Int(f.Year);
            Text(f.ProjectName);
            Text(f.AmountUnit);
            Int(f.BudgetLines.Count);
            foreach (var b in f.BudgetLines)
            {
                Text(b.Group);
                Text(b.Category);
                Text(b.RawLabel);
                Number(b.InitialBudget);
                Number(b.AnnualBudget);
                Number(b.Executed);
                Number(b.ReportedRate);
                Number(b.Points);
                Number(b.Score);
                Int(b.Line);
            }

            Flag(f.Goals is not null);
            if (f.Goals is { } goals)
            {
                Text(goals.Planned);
                Text(goals.Achieved);
                Int(goals.Line);
            }

            Int(f.Indicators.Count);
            foreach (var row in f.Indicators)
            {
                Text(row.Level1);
                Number(row.Level1Weight);
                Int((int)row.Level1Basis);
                Text(row.Level2);
                Text(row.Name);
                Value(row.Target);
                Value(row.Actual);
                Number(row.Points);
                Number(row.Score);
                Text(row.Explanation);
                Int(row.Line);
                Text(row.NameAsFiled);
            }

            Number(f.TotalPoints);
            Number(f.TotalScore);
            Int(f.TotalLine);
            Int(f.Notes.Count);
            foreach (var note in f.Notes)
            {
                Int((int)note.Kind);
                Text(note.Text);
                Int(note.Line);
            }

            Text(f.Grade);
            Flag(f.IsIncomplete);
            Text(f.IncompleteReason);
            Text(f.UnitNameAsFiled);
        }

        private void Value(ParsedValue v)
        {
            Text(v.Raw);
            Int((int)v.Op);
            Number(v.Value);
            Text(v.Unit);
            Int((int)v.Kind);
        }

        private void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(sizeof(int)), value);
            buffer.Advance(sizeof(int));
        }

        private void Flag(bool value)
        {
            buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
            buffer.Advance(1);
        }

        /// <summary>Null as −1; otherwise the length, then the UTF-16 code units (little-endian).</summary>
        private void Text(string? text)
        {
            if (text is null)
            {
                Int(-1);
                return;
            }

            Int(text.Length);
            var bytes = MemoryMarshal.AsBytes(text.AsSpan());
            if (!BitConverter.IsLittleEndian)
            {
                foreach (var c in text)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(sizeof(char)), c);
                    buffer.Advance(sizeof(char));
                }

                return;
            }

            bytes.CopyTo(buffer.GetSpan(bytes.Length));
            buffer.Advance(bytes.Length);
        }

        /// <summary>A flag, then the decimal's four 32-bit parts (value and scale); a negative zero as zero, as the
        /// JSON fingerprint wrote it.</summary>
        private void Number(decimal? value)
        {
            Flag(value is not null);
            if (value is { } d)
            {
                Span<int> parts = stackalloc int[4];
                decimal.GetBits(d, parts);
                if (d == decimal.Zero)
                {
                    parts[3] &= int.MaxValue; // the sign bit: −0.00 is 0.00
                }

                foreach (var part in parts)
                {
                    Int(part);
                }
            }
        }
    }
}

/// <summary>The serializer of the fingerprint stores held until session 23, 2026-12-01
/// (<see cref="FormFingerprint.Legacy"/>): System.Text.Json's default options, generated at build time.</summary>
[JsonSerializable(typeof(EvaluationForm))]
internal sealed partial class FingerprintJsonContext : JsonSerializerContext;
