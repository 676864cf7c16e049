using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Writes findings to a temporary file and reads them back, field for field (the rule by its code, resolved to the
/// <see cref="RuleInfo"/> the writer saw). Texts are written as <see cref="SpillFile"/> writes them, so a text
/// holding half a surrogate pair (a quote cut mid-character) reads back exactly as it was.
/// </summary>
internal sealed class FindingCodec
{
    private readonly Dictionary<string, RuleInfo> _rules = new(StringComparer.Ordinal);

    public void Write(BinaryWriter writer, Finding finding)
    {
        _rules.TryAdd(finding.Rule.Code, finding.Rule);
        WriteText(writer, finding.Rule.Code);
        writer.Write((byte)finding.Severity);
        WriteText(writer, finding.Form.Unit);
        writer.Write(finding.Form.Year);
        writer.Write((int)finding.Form.Kind);
        WriteOptional(writer, finding.Form.Project);
        WriteText(writer, finding.Form.FileName);
        writer.Write(finding.Line.HasValue);
        writer.Write(finding.Line ?? 0);
        WriteOptional(writer, finding.Indicator);
        WriteText(writer, finding.Message);
        WriteText(writer, finding.MessageEn);
        writer.Write(finding.Evidence.Count);
        foreach (var (key, value) in finding.Evidence)
        {
            WriteText(writer, key);
            writer.Write(value);
        }
    }

    public Finding Read(BinaryReader reader)
    {
        var rule = _rules[ReadText(reader)];
        var severity = (Severity)reader.ReadByte();
        var form = new FormRef(ReadText(reader), reader.ReadInt32(), (FormKind)reader.ReadInt32(),
            ReadOptional(reader), ReadText(reader));
        var hasLine = reader.ReadBoolean();
        var line = reader.ReadInt32();
        var indicator = ReadOptional(reader);
        var message = ReadText(reader);
        var messageEn = ReadText(reader);
        var evidence = new KeyValuePair<string, double>[reader.ReadInt32()];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = new(ReadText(reader), reader.ReadDouble());
        }

        return new Finding(rule, severity, form, hasLine ? line : null, indicator, message, messageEn,
            EvidenceDictionary.Of(evidence));
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            WriteText(writer, text);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? ReadText(reader) : null;

    private static void WriteText(BinaryWriter writer, string text) => SpillFile.WriteText(writer, text);

    private static string ReadText(BinaryReader reader) => SpillFile.ReadText(reader);
}
