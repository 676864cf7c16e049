using System.Globalization;
using System.Text.Json;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Data.Export;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>How findings are printed: one readable line each, a summary by rule and severity, or JSON.</summary>
internal static class FindingOutput
{
    /// <summary>The JSON shape of a finding (camelCase).</summary>
    private sealed record FindingDocument(
        string Rule, string Title, string TitleEn, string Severity, string Unit, int Year, FormKind Kind,
        string? Project, string? Indicator, int? Line, string Message, string MessageEn,
        IReadOnlyDictionary<string, double> Evidence, string File, string Key);

    /// <summary>Writes the findings as one JSON array, a finding at a time (a large run's findings are read from
    /// disk and never all in memory).</summary>
    public static void WriteJson(IEnumerable<Finding> findings, TextWriter o)
    {
        var options = FindingsExporter.JsonOptions;
        using var stream = new TextWriterStream(o);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
               {
                   Indented = options.WriteIndented, Encoder = options.Encoder, NewLine = options.NewLine,
               }))
        {
            writer.WriteStartArray();
            var n = 0;
            foreach (var f in findings)
            {
                JsonSerializer.Serialize(writer, new FindingDocument(f.Rule.Code, f.Rule.Title, f.Rule.TitleEn,
                    f.Severity.ToString(), f.Form.Unit, f.Form.Year, f.Form.Kind, f.Form.Project, f.Indicator, f.Line,
                    f.Message, f.MessageEn, f.Evidence, f.Form.FileName, f.Key), options);
                if (++n % 1_000 == 0)
                {
                    writer.Flush();
                }
            }

            writer.WriteEndArray();
        }

        o.WriteLine();
    }

    public static string Line(Finding f, bool english)
    {
        var where = f.Line is null ? "form" : string.Create(CultureInfo.InvariantCulture, $"line {f.Line}");
        var what = f.Indicator is null ? "" : $" {f.Indicator}";
        var title = english ? f.Rule.TitleEn : f.Rule.Title;
        var message = english ? f.MessageEn : f.Message;
        return $"  {f.Severity,-6} {f.Rule.Code,-4} {where,-9}{what} [{title}] {message}";
    }

    /// <summary>Which rules were not run on incomplete forms, one line per form.</summary>
    /// <summary>The slowest rules of a run, e.g. "E4 1.20 s, E3 0.40 s" (form rules summed over threads).</summary>
    public static string SlowestRules(AnalysisResult result, int count) =>
        string.Join(", ", result.RuleTimes.OrderByDescending(kv => kv.Value).Take(count)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.TotalSeconds:F2} s")));

    public static void WriteSkipped(IReadOnlyList<SkippedRule> skipped, TextWriter o)
    {
        foreach (var g in skipped.GroupBy(s => s.Form))
        {
            o.WriteLine($"  skipped on incomplete {g.Key.FileName}: {string.Join(' ', g.Select(s => s.Rule.Code))} ({g.First().Reason})");
        }
    }

    /// <summary>Counts by rule and severity, most serious first (one pass: the findings may be read from disk).</summary>
    public static void WriteSummary(IEnumerable<Finding> findings, TextWriter o, bool english)
    {
        var counts = new Dictionary<RuleInfo, int[]>();
        foreach (var f in findings)
        {
            if (!counts.TryGetValue(f.Rule, out var bySeverity))
            {
                counts[f.Rule] = bySeverity = new int[3];
            }

            bySeverity[(int)f.Severity]++;
        }

        int Total(Severity severity) => counts.Values.Sum(c => c[(int)severity]);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{counts.Values.Sum(c => c.Sum())} findings: {Total(Severity.High)} high, "
            + $"{Total(Severity.Medium)} medium, {Total(Severity.Low)} low"));
        foreach (var (rule, c) in counts.OrderByDescending(kv => MostSerious(kv.Value))
                     .ThenBy(kv => kv.Key.Code, StringComparer.Ordinal))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {rule.Code,-4} {c.Sum(),5}  (high {c[(int)Severity.High]}, medium {c[(int)Severity.Medium]}, low {c[(int)Severity.Low]})  {(english ? rule.TitleEn : rule.Title)}"));
        }
    }

    private static Severity MostSerious(int[] bySeverity) =>
        bySeverity[(int)Severity.High] > 0 ? Severity.High
        : bySeverity[(int)Severity.Medium] > 0 ? Severity.Medium
        : Severity.Low;
}

/// <summary>UTF-8 bytes written to a <see cref="TextWriter"/> (a character split across two writes is kept until
/// its last byte comes).</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly System.Text.Decoder _decoder = System.Text.Encoding.UTF8.GetDecoder();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[_decoder.GetCharCount(buffer, flush: false)];
        var n = _decoder.GetChars(buffer, chars, flush: false);
        writer.Write(chars, 0, n);
    }

    public override void Flush() => writer.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
