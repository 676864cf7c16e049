using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data.Entities;

/// <summary>A remark as filed, or an inference the reader made.</summary>
public sealed class FormNoteEntity
{
    public long Id { get; set; }

    public long FormId { get; set; }

    public int Ordinal { get; set; }

    public NoteKind Kind { get; set; }

    public required string Text { get; set; }

    public int Line { get; set; }
}
