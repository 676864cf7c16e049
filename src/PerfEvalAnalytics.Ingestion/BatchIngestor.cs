using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>The result for one file of a batch.</summary>
/// <param name="Path">The file.</param>
/// <param name="Outcome">Added, unchanged or replaced; null when the file failed.</param>
/// <param name="Form">The parsed form, when parsing succeeded.</param>
/// <param name="Detail">Outcome detail, or the error message (naming file and line) when it failed.</param>
public sealed record FileIngestResult(string Path, StoreOutcome? Outcome, EvaluationForm? Form, string? Detail)
{
    public bool Failed => Outcome is null;

    /// <summary>The sheet or table of the file this result is about; null for a single-form file.</summary>
    public string? Part { get; init; }
}

/// <summary>
/// Reads and stores files one at a time (streaming: one file's forms in memory at once). One result per form: a
/// workbook with three sheets gives three, each stored in its own transaction. A form that fails is reported and
/// writes nothing; the rest of the file and of the batch still goes in.
/// </summary>
public sealed class BatchIngestor(IFormSink sink, UnitAliases? aliases = null)
{
    private readonly UnitAliases unitAliases = aliases ?? UnitAliases.None;

    public async IAsyncEnumerable<FileIngestResult> IngestAsync(
        IEnumerable<string> files,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<FormReadResult> read;
            FileIngestResult? failed = null;
            try
            {
                read = FormReader.ReadAll(file);
            }
            catch (FormParseException ex)
            {
                read = [];
                failed = new FileIngestResult(file, null, null, ex.Message);
            }

            if (failed is not null)
            {
                yield return failed;
            }

            foreach (var r in read)
            {
                var result = r.Form is null
                    ? new FileIngestResult(file, null, null, r.Error!.Message)
                    : await StoreOneAsync(file, unitAliases.Apply(r.Form), cancellationToken);
                yield return result with { Part = r.Part };
            }
        }
    }

    private async Task<FileIngestResult> StoreOneAsync(string file, EvaluationForm form,
        CancellationToken cancellationToken)
    {
        try
        {
            var stored = await sink.StoreAsync(form, cancellationToken);
            return new FileIngestResult(file, stored.Outcome, form, stored.Detail);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return new FileIngestResult(file, null, form,
                $"{Path.GetFileName(file)}: database error, nothing written for this file: "
                + ex.GetBaseException().Message);
        }
    }
}
