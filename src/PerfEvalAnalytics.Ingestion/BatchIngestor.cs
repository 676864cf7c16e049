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
/// Reads and stores files, streaming: files are parsed side by side (a few per core, queued in file order) while the
/// caller's thread stores what was parsed, in batches of up to
/// <see cref="MaxBatch"/> forms (what is waiting once <see cref="MinBatch"/> are, or what arrived within
/// <see cref="MaxWait"/>), through
/// <see cref="IFormSink.StoreManyAsync"/>. One result per form, in file order: a workbook with three sheets gives
/// three. A form that fails is reported and writes nothing; the rest of the file and of the batch still goes in.
/// </summary>
public sealed class BatchIngestor(IFormSink sink, UnitAliases? aliases = null)
{
    /// <summary>Forms handed to the sink at once: enough to share a transaction, few enough to stay small in memory.</summary>
    public const int MaxBatch = 500;

    /// <summary>Forms stored without waiting for more once at least this many are waiting and no more is ready: the
    /// store starts on the first forms instead of waiting for a full batch, and takes whatever has piled up
    /// meanwhile.</summary>
    private const int MinBatch = 64;

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
        // Files are parsed side by side, one per core (ParallelFiles), and queued in file order. On a small batch the
        // store waits for the first forms; the parsing, not the store, is then what the ingest takes.
        var inFlight = new Queue<Task<List<Parsed>>>();
        try
        {
            using var next = files.GetEnumerator();
            ExceptionDispatchInfo? listing = null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    if (!next.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The list of files failed (an unreadable folder …): the files before it still go in, first.
                    listing = ExceptionDispatchInfo.Capture(ex);
                    break;
                }

                var file = next.Current;
                inFlight.Enqueue(Task.Run(() => Parse(file), ct));
                if (inFlight.Count >= ParallelFiles)
                {
                    await WriteAllAsync(writer, await inFlight.Dequeue(), ct);
                }
            }

            while (inFlight.TryDequeue(out var parsed))
            {
                await WriteAllAsync(writer, await parsed, ct);
            }

            if (listing is not null)
            {
                writer.TryWrite(new Parsed(string.Empty, null, null, null, listing));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else reaches the caller in file order: after the files before it, before those after it.
            writer.TryWrite(new Parsed(string.Empty, null, null, null, ExceptionDispatchInfo.Capture(ex)));
        }
        finally
        {
            // Files still being parsed when the ingest stops early (cancelled, abandoned, failed) finish before it
            // returns, their results dropped: nothing of an ingest runs on after it.
            foreach (var task in inFlight)
            {
                await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            writer.TryComplete();
        }
    }

    /// <summary>Files parsed at once: one per core. The store, one thread, is what a large ingest waits for, and parse
    /// tasks beyond the cores take their turns on its core too. With two per core (sessions 21–25) a 1,000-form ingest
    /// took a median 1.83x the yardstick over 20 timed pairs, with one per core 1.54x over 20 pairs run alternately
    /// (session 26), but later runs of one per core gave 1.58x–2.00x: within the host's noise. No loss at 10,000 or
    /// 100,000 forms (benchmarks.md).</summary>
    private static int ParallelFiles => Environment.ProcessorCount;

    /// <summary>The forms of one file (one per sheet of a workbook), or what made the file or a sheet unreadable;
    /// each form prepared for the store (<see cref="IFormSink.Prepare"/>) on this thread.</summary>
    private List<Parsed> Parse(string file)
    {
        IReadOnlyList<FormReadResult> read;
        try
        {
            read = FormReader.ReadAll(file);
        }
        catch (FormParseException ex)
        {
            return [new Parsed(file, null, null, ex.Message, null)];
        }

        var parsed = new List<Parsed>(read.Count);
        foreach (var r in read)
        {
            if (r.Form is null)
            {
                parsed.Add(new Parsed(file, r.Part, null, r.Error!.Message, null));
                continue;
            }

            var form = unitAliases.Apply(r.Form);
            sink.Prepare(form);
            parsed.Add(new Parsed(file, r.Part, form, null, null));
        }

        return parsed;
    }

    private static async Task WriteAllAsync(ChannelWriter<Parsed> writer, List<Parsed> parsed, CancellationToken ct)
    {
        foreach (var p in parsed)
        {
            await writer.WriteAsync(p, ct);
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
            if (batch.Count >= MinBatch || left <= TimeSpan.Zero || reader.Completion.IsCompleted)
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
