using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// Writes findings to a temporary file and reads them back, field for field (the rule by its code, resolved to the
/// <see cref="RuleInfo"/> the writer saw).
/// </summary>
internal sealed class FindingCodec
{
    private readonly Dictionary<string, RuleInfo> _rules = new(StringComparer.Ordinal);

    public void Write(BinaryWriter writer, Finding finding)
    {
        _rules.TryAdd(finding.Rule.Code, finding.Rule);
        writer.Write(finding.Rule.Code);
        writer.Write((byte)finding.Severity);
        writer.Write(finding.Form.Unit);
        writer.Write(finding.Form.Year);
        writer.Write((int)finding.Form.Kind);
        WriteOptional(writer, finding.Form.Project);
        writer.Write(finding.Form.FileName);
        writer.Write(finding.Line.HasValue);
        writer.Write(finding.Line ?? 0);
        WriteOptional(writer, finding.Indicator);
        writer.Write(finding.Message);
        writer.Write(finding.MessageEn);
        writer.Write(finding.Evidence.Count);
        foreach (var (key, value) in finding.Evidence)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    public Finding Read(BinaryReader reader)
    {
        var rule = _rules[reader.ReadString()];
        var severity = (Severity)reader.ReadByte();
        var form = new FormRef(reader.ReadString(), reader.ReadInt32(), (FormKind)reader.ReadInt32(),
            ReadOptional(reader), reader.ReadString());
        var hasLine = reader.ReadBoolean();
        var line = reader.ReadInt32();
        var indicator = ReadOptional(reader);
        var message = reader.ReadString();
        var messageEn = reader.ReadString();
        var evidence = new KeyValuePair<string, double>[reader.ReadInt32()];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = new(reader.ReadString(), reader.ReadDouble());
        }

        return new Finding(rule, severity, form, hasLine ? line : null, indicator, message, messageEn,
            EvidenceDictionary.Of(evidence));
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
