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
    public static string Of(EvaluationForm form)
    {
        var withoutSource = form with { Source = new SourceInfo(string.Empty, string.Empty, string.Empty) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(withoutSource);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
