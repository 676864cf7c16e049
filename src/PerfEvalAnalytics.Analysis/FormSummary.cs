using System.Runtime.CompilerServices;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// What the summaries of <see cref="ISummarizingRule"/>s keep of a form: a <see cref="FormHeader"/> (identity, year,
/// kind, total score and line, file name), one per form, shared by every rule.
/// </summary>
public static class FormSummary
{
    /// <summary>Headers made while their form lives: every rule's summary of a form shares one header.</summary>
    private static readonly ConditionalWeakTable<EvaluationForm, FormHeader> Headers = new();

    /// <summary>The form's header: one instance per form (while the form lives), shared by the summaries of every
    /// rule. It holds the form's own texts (no copy).</summary>
    public static FormHeader Header(EvaluationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return Headers.GetValue(form, static f => new FormHeader(f));
    }

    /// <summary>Makes the form's header (what <see cref="Header"/> then returns while the form lives) with its file
    /// name kept in <paramref name="fileNames"/>, not in memory: a sliced run keeps a header per form to its end.</summary>
    public static void UseFileNames(EvaluationForm form, TextSpill fileNames)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(fileNames);
        Headers.AddOrUpdate(form, new FormHeader(form, fileNames));
    }

    /// <summary>Forgets the header <see cref="UseFileNames"/> made, once the run has taken it: the run's
    /// <see cref="TextSpill"/> goes with the run, and a later <see cref="Header"/> of a form that lives on (a caller
    /// analysing the same forms again) must not read from it.</summary>
    public static void Forget(EvaluationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        Headers.Remove(form);
    }
}

/// <summary>
/// A form as a run's cross-unit rules keep it until the last slice: its identity, total score and line, and file
/// name, 88 bytes beside the texts it shares with the form (a trimmed <see cref="EvaluationForm"/> with its
/// <see cref="SourceInfo"/> took over 200). In a sliced run the file name is in a <see cref="TextSpill"/> and read
/// when asked for (findings, tie-breaks), not held.
/// </summary>
public sealed class FormHeader : IFormHeader
{
    private readonly string? _fileName;
    private readonly TextSpill? _fileNames;
    private readonly int _fileNameIndex;

    public FormHeader(EvaluationForm form)
        : this((form ?? throw new ArgumentNullException(nameof(form))).UnitName, form.Year, form.Kind,
            form.ProjectName, form.Source.FileName, form.TotalScore, form.TotalLine)
    {
    }

    /// <summary>The form's header with its file name added to <paramref name="fileNames"/>.</summary>
    public FormHeader(EvaluationForm form, TextSpill fileNames)
        : this((form ?? throw new ArgumentNullException(nameof(form))).UnitName, form.Year, form.Kind,
            form.ProjectName, form.TotalScore, form.TotalLine)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        _fileNames = fileNames;
        _fileNameIndex = fileNames.Add(form.Source.FileName);
    }

    public FormHeader(string unitName, int year, FormKind kind, string? projectName, string fileName,
        decimal? totalScore, int totalLine)
        : this(unitName, year, kind, projectName, totalScore, totalLine)
    {
        _fileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
    }

    private FormHeader(string unitName, int year, FormKind kind, string? projectName, decimal? totalScore,
        int totalLine)
    {
        UnitName = unitName ?? throw new ArgumentNullException(nameof(unitName));
        ProjectName = projectName;
        TotalScore = totalScore;
        Year = year;
        TotalLine = totalLine;
        Kind = kind;
    }

    public string UnitName { get; }

    public string? ProjectName { get; }

    /// <summary>The source file's name: held, or read from the run's <see cref="TextSpill"/>.</summary>
    public string FileName => _fileName ?? _fileNames!.Get(_fileNameIndex);

    public decimal? TotalScore { get; }

    public int Year { get; }

    public int TotalLine { get; }

    public FormKind Kind { get; }

    /// <summary>Writes the header to a rule's temporary file (texts as <see cref="SpillFile"/> writes them).</summary>
    public static void Write(BinaryWriter writer, FormHeader header)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        SpillFile.WriteText(writer, header.UnitName);
        writer.Write(header.Year);
        writer.Write((byte)header.Kind);
        writer.Write(header.ProjectName is not null);
        if (header.ProjectName is not null)
        {
            SpillFile.WriteText(writer, header.ProjectName);
        }

        SpillFile.WriteText(writer, header.FileName);
        writer.Write(header.TotalScore is not null);
        if (header.TotalScore is { } score)
        {
            writer.Write(score);
        }

        writer.Write(header.TotalLine);
    }

    /// <summary>Reads a header written by <see cref="Write"/>, taking the unit and project names from
    /// <paramref name="pool"/> (they repeat on every form of a unit).</summary>
    public static FormHeader Read(BinaryReader reader, StringPool? pool)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var unit = SpillFile.ReadText(reader);
        var year = reader.ReadInt32();
        var kind = (FormKind)reader.ReadByte();
        var project = reader.ReadBoolean() ? SpillFile.ReadText(reader) : null;
        var file = SpillFile.ReadText(reader);
        decimal? score = reader.ReadBoolean() ? reader.ReadDecimal() : null;
        return new FormHeader(pool?.Share(unit) ?? unit, year, kind, pool?.Share(project) ?? project, file, score,
            reader.ReadInt32());
    }
}
