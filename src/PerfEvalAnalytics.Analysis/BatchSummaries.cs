using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis;

/// <summary>
/// A collector for a rule that compares forms only within batches (a year, or a year and kind): each form's summary
/// goes to a <see cref="PartitionedSpill{T}"/> by its batch, and the rule judges one partition at a time (every form
/// of a batch lies in one partition). What it holds at the end of the slices is one buffer; during its evaluation the
/// rule reads one partition at a time (<see cref="BatchPartition{T}"/>): in passes, one summary at a time, or whole.
/// Findings come partition by partition; the analysis sorts them, so this suits a rule that finds at most one finding
/// per form (equal sort keys keep the order they were found in).
/// </summary>
/// <typeparam name="TSummary">What the rule keeps of a form; written and read with the given delegates.</typeparam>
internal sealed class BatchSummaries<TSummary> : RunSummaries, IDisposable
{
    /// <summary>Partitions: more than the batches of a usual run (years × kinds), so most batches have their own.</summary>
    private const int Partitions = 16;

    private readonly Func<IReadOnlyList<EvaluationForm>, IEnumerable<TSummary>> _summarize;
    private readonly Func<TSummary, int> _batch;
    private readonly Func<BinaryReader, StringPool?, TSummary> _read;
    private readonly Func<BatchPartition<TSummary>, IEnumerable<Finding>> _judge;
    private readonly PartitionedSpill<TSummary> _spill;
    private int _count;

    /// <param name="summarize">The summaries of a slice's forms (may use the whole slice, e.g. a unit's history).</param>
    /// <param name="batch">The summary's batch as a number (<see cref="BatchKey"/>); equal batches, equal numbers.</param>
    /// <param name="write">Writes a summary.</param>
    /// <param name="read">Reads a summary written by <paramref name="write"/>, sharing repeated texts in the pool.</param>
    /// <param name="judge">The rule over the summaries of whole batches (one partition).</param>
    /// <param name="inMemory">Summaries held in memory before they are written out.</param>
    public BatchSummaries(Func<IReadOnlyList<EvaluationForm>, IEnumerable<TSummary>> summarize,
        Func<TSummary, int> batch, Action<BinaryWriter, TSummary> write,
        Func<BinaryReader, StringPool?, TSummary> read, Func<BatchPartition<TSummary>, IEnumerable<Finding>> judge,
        int inMemory)
    {
        _summarize = summarize ?? throw new ArgumentNullException(nameof(summarize));
        _batch = batch ?? throw new ArgumentNullException(nameof(batch));
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _judge = judge ?? throw new ArgumentNullException(nameof(judge));
        _spill = new PartitionedSpill<TSummary>(Partitions, inMemory, write, r => read(r, null));
    }

    public override int Count => _count;

    public override void Add(IReadOnlyList<EvaluationForm> slice)
    {
        foreach (var summary in _summarize(slice))
        {
            _count++;
            _spill.Add((int)(unchecked((uint)_batch(summary)) % Partitions), summary);
        }
    }

    public override IEnumerable<Finding> Evaluate(IEnumerable<Finding> findingsSoFar)
    {
        try
        {
            for (var p = 0; p < Partitions; p++)
            {
                foreach (var finding in _judge(new Spilled(this, p)))
                {
                    yield return finding;
                }
            }
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _spill.Dispose();
        _count = 0;
    }

    /// <summary>Partition <paramref name="partition"/> of the spill.</summary>
    private sealed class Spilled(BatchSummaries<TSummary> owner, int partition) : BatchPartition<TSummary>
    {
        public override IEnumerable<TSummary> Stream() => owner._spill.Stream(partition, r => owner._read(r, null));

        public override long BytesOnDisk => owner._spill.PartitionBytes(partition);

        public override IReadOnlyList<TSummary> ReadAll()
        {
            var pool = new StringPool();
            return owner._spill.Read(partition, r => owner._read(r, pool));
        }
    }
}

/// <summary>
/// The summaries of whole batches that a batch rule judges at once: one partition of a run's
/// <see cref="BatchSummaries{TSummary}"/>, or the forms of a list.
/// </summary>
internal abstract class BatchPartition<T>
{
    /// <summary>The summaries one at a time, read again from the start on each enumeration, in the same order each
    /// time: a rule that judges in passes holds what it computes, not the summaries.</summary>
    public abstract IEnumerable<T> Stream();

    /// <summary>All the summaries at once (repeated texts shared), for a rule that compares them with each other.</summary>
    public abstract IReadOnlyList<T> ReadAll();

    /// <summary>Bytes of the summaries in temporary files (0 for a list, and while a run's summaries all fit in
    /// memory): a rule that compares them with each other may compare a large partition out of memory.</summary>
    public virtual long BytesOnDisk => 0;

    /// <summary>The summaries of a list, in its order.</summary>
    public static BatchPartition<T> Of(IReadOnlyList<T> summaries) => new InMemory(summaries);

    private sealed class InMemory(IReadOnlyList<T> summaries) : BatchPartition<T>
    {
        public override IEnumerable<T> Stream() => summaries;

        public override IReadOnlyList<T> ReadAll() => summaries;
    }
}

/// <summary>The batches of <see cref="BatchSummaries{TSummary}"/> as numbers.</summary>
internal static class BatchKey
{
    /// <summary>A year and kind (the peers of T1, T7, L3, L5).</summary>
    public static int YearAndKind(IFormHeader form) => (form.Year * 2) + (int)form.Kind;
}
