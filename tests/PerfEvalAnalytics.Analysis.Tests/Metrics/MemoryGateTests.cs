using PerfEvalAnalytics.Analysis.Metrics;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class MemoryGateTests
{
    /// <summary>Long enough for a waiter that was wrongly let in to have finished entering.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private static async Task AssertWaiting(Task entering) =>
        Assert.NotSame(entering, await Task.WhenAny(entering, Task.Delay(Settle)));

    [Fact]
    public void Enter_SharesWithinTheBudget_AreHeldTogether()
    {
        var gate = new MemoryGate(32);
        using var a = gate.Enter(10);
        using var b = gate.Enter(22);

        Assert.Equal(32, gate.Held);
    }

    [Fact]
    public async Task Enter_AShareThatDoesNotFit_WaitsUntilEnoughIsReleased()
    {
        var gate = new MemoryGate(32);
        var a = gate.Enter(20);
        using var b = gate.Enter(5);
        var waiting = Task.Run(() => gate.Enter(20));

        await AssertWaiting(waiting);
        Assert.Equal(25, gate.Held);
        a.Dispose();
        using var c = await waiting;
        Assert.Equal(25, gate.Held);
    }

    [Fact]
    public async Task Enter_AShareBeyondTheBudget_EntersAloneAndCountsAsTheBudget()
    {
        var gate = new MemoryGate(32);
        var small = gate.Enter(1);
        var large = Task.Run(() => gate.Enter(1_000));
        await AssertWaiting(large);

        small.Dispose();
        var alone = await large;
        Assert.Equal(32, gate.Held);
        var next = Task.Run(() => gate.Enter(1));
        await AssertWaiting(next);

        alone.Dispose();
        using var after = await next;
        Assert.Equal(1, gate.Held);
    }

    [Fact]
    public async Task Enter_CancelledWhileWaiting_ThrowsAndHoldsNothing()
    {
        var gate = new MemoryGate(10);
        using var held = gate.Enter(10);
        using var cancel = new CancellationTokenSource();
        var waiting = Task.Run(() => gate.Enter(5, cancel.Token));
        await AssertWaiting(waiting);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(10, gate.Held);
    }

    [Fact]
    public void Dispose_Twice_ReleasesOnce()
    {
        var gate = new MemoryGate(32);
        using var other = gate.Enter(12);
        var lease = gate.Enter(20);

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(12, gate.Held);
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Enter(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryGate(0));
    }
}
