namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// Lets threads that each hold a share of memory (a part of a spill being compared) run side by side only while the
/// shares add up to at most a budget: a thread asks for its share and waits until it fits with those already held.
/// A share larger than the whole budget is let in alone, once nothing else is held.
/// </summary>
/// <remarks>Waiting threads are let in as shares are released, in no particular order: a large share can wait while
/// other threads keep entering smaller ones. That costs time, not a deadlock, as long as a thread waiting to enter
/// holds no share (E4's threads hold one part at a time). Only the sizes are counted: what a holder actually allocates
/// is its own affair.</remarks>
public sealed class MemoryGate
{
    private readonly object _lock = new();
    private long _held;

    /// <param name="budget">The most the held shares may add up to (a single larger share is let in alone).</param>
    public MemoryGate(long budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        Budget = budget;
    }

    /// <summary>The most the held shares may add up to.</summary>
    public long Budget { get; }

    /// <summary>What the shares held now add up to (as counted: a share above the budget counts as the budget).</summary>
    public long Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>Waits until <paramref name="share"/> fits beside the shares held, then holds it until the returned
    /// lease is disposed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting; nothing is held.</exception>
    public IDisposable Enter(long share, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        var counted = Math.Min(share, Budget);
        using var wake = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        });
        lock (_lock)
        {
            while (_held > 0 && _held + counted > Budget)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_lock);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _held += counted;
        }

        return new Lease(this, counted);
    }

    private void Release(long counted)
    {
        lock (_lock)
        {
            _held -= counted;
            Monitor.PulseAll(_lock);
        }
    }

    private sealed class Lease(MemoryGate gate, long counted) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(counted);
            }
        }
    }
}
