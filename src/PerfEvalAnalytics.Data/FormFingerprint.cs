using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>
/// A hash of a parsed form's content without its provenance: the same form saved as GBK and as UTF-8, or with CRLF
/// and LF, has one fingerprint, so re-ingesting it changes nothing.
/// </summary>
public static class FormFingerprint
{
    /// <summary>Fingerprints already computed, by form instance (the ingest computes them on its reading thread).</summary>
    private static readonly ConditionalWeakTable<EvaluationForm, string> Computed = new();

    /// <summary>The form's fingerprint, computed once per form instance.</summary>
    public static string Of(EvaluationForm form) => Computed.GetValue(form, Compute);

    private static string Compute(EvaluationForm form)
    {
        var withoutSource = form with { Source = new SourceInfo(string.Empty, string.Empty, string.Empty) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(withoutSource);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
