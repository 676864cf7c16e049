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
}

/// <summary>
/// Reads and stores files one at a time (streaming: one form in memory at once). A file that fails is reported and
/// writes nothing; the rest of the batch still goes in.
/// </summary>
public sealed class BatchIngestor(IFormSink sink)
{
    public async IAsyncEnumerable<FileIngestResult> IngestAsync(
        IEnumerable<string> files,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await IngestOneAsync(file, cancellationToken);
        }
    }

    private async Task<FileIngestResult> IngestOneAsync(string file, CancellationToken cancellationToken)
    {
        EvaluationForm form;
        try
        {
            form = FormReader.Read(file);
        }
        catch (FormParseException ex)
        {
            return new FileIngestResult(file, null, null, ex.Message);
        }

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
