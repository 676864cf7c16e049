namespace PerfEvalAnalytics.Domain;

/// <summary>What storing a parsed form did.</summary>
public enum StoreOutcome
{
    /// <summary>A new form (unit, year, kind, project) went in.</summary>
    Added,

    /// <summary>The same file, or a file with the same form content, is already stored: nothing was written.</summary>
    Unchanged,

    /// <summary>A form with the same identity but different content was replaced, atomically.</summary>
    Replaced,
}

/// <summary>The result of storing one form.</summary>
/// <param name="Outcome">Added, unchanged or replaced.</param>
/// <param name="FormId">The stored form's id.</param>
/// <param name="Detail">What the outcome refers to, e.g. the file name of the form that was replaced.</param>
public sealed record StoreResult(StoreOutcome Outcome, long FormId, string? Detail);

/// <summary>Where parsed forms go: the database, in one transaction per form.</summary>
public interface IFormSink
{
    /// <summary>Stores <paramref name="form"/> atomically: everything or nothing.</summary>
    Task<StoreResult> StoreAsync(EvaluationForm form, CancellationToken cancellationToken);
}
