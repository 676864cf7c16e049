using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
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
/// Reads and stores files, streaming: one thread parses while the caller's stores what was parsed, in batches of up to
/// <see cref="MaxBatch"/> forms (or what arrived within <see cref="MaxWait"/>), through
/// <see cref="IFormSink.StoreManyAsync"/>. One result per form, in file order: a workbook with three sheets gives
/// three. A form that fails is reported and writes nothing; the rest of the file and of the batch still goes in.
/// </summary>
public sealed class BatchIngestor(IFormSink sink, UnitAliases? aliases = null)
{
    /// <summary>Forms handed to the sink at once: enough to share a transaction, few enough to stay small in memory.</summary>
    public const int MaxBatch = 500;

    /// <summary>Parsed forms read ahead of the store, at most.</summary>
    private const int ReadAhead = 2 * MaxBatch;

    /// <summary>How long a batch waits for more parsed forms before it is stored anyway (results keep flowing).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private readonly UnitAliases unitAliases = aliases ?? UnitAliases.None;

    public async IAsyncEnumerable<FileIngestResult> IngestAsync(
        IEnumerable<string> files,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<Parsed>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(() => ParseAllAsync(files, channel.Writer, stop.Token), stop.Token);
        try
        {
            while (await NextBatchAsync(channel.Reader, cancellationToken) is { Count: > 0 } batch)
            {
                var forms = batch.Where(p => p.Form is not null).Select(p => p.Form!).ToList();
                var attempts = forms.Count == 0 ? [] : await sink.StoreManyAsync(forms, cancellationToken);
                var next = 0;
                foreach (var parsed in batch)
                {
                    parsed.Fault?.Throw();
                    yield return parsed.Form is null
                        ? new FileIngestResult(parsed.File, null, null, parsed.Error) { Part = parsed.Part }
                        : Describe(parsed, attempts[next++]);
                }
            }

            await reader;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reader;
            }
            catch (OperationCanceledException)
            {
                // The caller stopped early: the reader stops with it.
            }
        }
    }

    private static FileIngestResult Describe(Parsed parsed, StoreAttempt attempt) => attempt.Result is { } stored
        ? new FileIngestResult(parsed.File, stored.Outcome, parsed.Form, stored.Detail) { Part = parsed.Part }
        : new FileIngestResult(parsed.File, null, parsed.Form,
            $"{Path.GetFileName(parsed.File)}: database error, nothing written for this file: "
            + attempt.Error!.GetBaseException().Message) { Part = parsed.Part };

    private async Task ParseAllAsync(IEnumerable<string> files, ChannelWriter<Parsed> writer, CancellationToken ct)
    {
        try
        {
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                IReadOnlyList<FormReadResult> read;
                try
                {
                    read = FormReader.ReadAll(file);
                }
                catch (FormParseException ex)
                {
                    await writer.WriteAsync(new Parsed(file, null, null, ex.Message, null), ct);
                    continue;
                }

                foreach (var r in read)
                {
                    if (r.Form is null)
                    {
                        await writer.WriteAsync(new Parsed(file, r.Part, null, r.Error!.Message, null), ct);
                        continue;
                    }

                    var form = unitAliases.Apply(r.Form);
                    sink.Prepare(form);
                    await writer.WriteAsync(new Parsed(file, r.Part, form, null, null), ct);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (an unreadable folder …) reaches the caller in file order, as before.
            writer.TryWrite(new Parsed(string.Empty, null, null, null, ExceptionDispatchInfo.Capture(ex)));
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static async Task<List<Parsed>> NextBatchAsync(ChannelReader<Parsed> reader, CancellationToken ct)
    {
        var batch = new List<Parsed>();
        if (!await reader.WaitToReadAsync(ct))
        {
            return batch;
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(MaxWait.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count < MaxBatch)
        {
            if (reader.TryRead(out var item))
            {
                batch.Add(item);
                if (item.Fault is not null)
                {
                    break;
                }

                continue;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || reader.Completion.IsCompleted)
            {
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>One parsed form of a file, the parse error of one, or a failure to pass on to the caller.</summary>
    private sealed record Parsed(string File, string? Part, EvaluationForm? Form, string? Error, ExceptionDispatchInfo? Fault);
}
