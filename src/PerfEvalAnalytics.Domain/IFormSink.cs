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

/// <summary>What storing one form of a batch did: a result, or the error that left the form unwritten.</summary>
public sealed record StoreAttempt(StoreResult? Result, Exception? Error);

/// <summary>Where parsed forms go: the database, each form atomically.</summary>
public interface IFormSink
{
    /// <summary>Stores <paramref name="form"/> atomically: everything or nothing.</summary>
    Task<StoreResult> StoreAsync(EvaluationForm form, CancellationToken cancellationToken);

    /// <summary>
    /// Stores several forms, each atomically (a form that fails writes nothing; the others still go in), one attempt
    /// per form in order. A sink may share one transaction among the forms; this default stores them one by one.
    /// </summary>
    Task<IReadOnlyList<StoreAttempt>> StoreManyAsync(IReadOnlyList<EvaluationForm> forms,
        CancellationToken cancellationToken) => FormSinks.StoreOneByOneAsync(this, forms, cancellationToken);

    /// <summary>
    /// Called on a reading thread for each parsed form before it is queued for the store: work that needs only the
    /// form (its content fingerprint) is done there, beside the parsing, not on the thread that writes. Several
    /// reading threads may call it at once, for different forms. The default does nothing.
    /// </summary>
    void Prepare(EvaluationForm form)
    {
    }
}

/// <summary>Helpers for form sinks.</summary>
public static class FormSinks
{
    /// <summary>Stores forms one by one; a form whose store fails on a database error is an attempt with that error.</summary>
    public static async Task<IReadOnlyList<StoreAttempt>> StoreOneByOneAsync(IFormSink sink,
        IReadOnlyList<EvaluationForm> forms, CancellationToken cancellationToken)
    {
        var attempts = new List<StoreAttempt>(forms.Count);
        foreach (var form in forms)
        {
            try
            {
                attempts.Add(new StoreAttempt(await sink.StoreAsync(form, cancellationToken), null));
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                attempts.Add(new StoreAttempt(null, ex));
            }
        }

        return attempts;
    }
}
