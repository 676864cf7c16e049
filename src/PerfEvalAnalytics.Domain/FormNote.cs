namespace PerfEvalAnalytics.Domain;

/// <summary>What a note in a form is.</summary>
public enum NoteKind
{
    /// <summary>Text the unit wrote in a merged cell that is not a value (e.g. the 沪财绩 reference).</summary>
    Remark,

    /// <summary>Something the reader inferred rather than read, e.g. a level-1 block assigned by the framework.</summary>
    Inference,
}

/// <summary>A note kept with a form: a remark as filed, or a record of what the reader inferred.</summary>
/// <param name="Kind">Remark or inference.</param>
/// <param name="Text">The text.</param>
/// <param name="Line">1-based source line the note is about.</param>
public sealed record FormNote(NoteKind Kind, string Text, int Line);
