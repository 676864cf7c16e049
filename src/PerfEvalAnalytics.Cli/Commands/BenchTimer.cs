using System.Diagnostics;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>
/// Wall-clock time and this process's CPU time (all threads) over the sections between Start and Stop. CPU time
/// barely moves when other work shares the cores, so it compares runs made under different load; the PostgreSQL
/// server's own CPU is not in it.
/// </summary>
internal sealed class BenchTimer
{
    private readonly Stopwatch wall = new();
    private TimeSpan cpu;
    private TimeSpan cpuAtStart;
    private long jitAtStart;
    private long jit;
    private readonly int[] collectionsAtStart = new int[3];
    private readonly int[] collections = new int[3];
    private TimeSpan pauseAtStart;
    private TimeSpan pause;
    private long allocatedAtStart;
    private long allocated;

    public TimeSpan Wall => wall.Elapsed;

    public TimeSpan Cpu => cpu;

    /// <summary>Garbage collections by generation, their pauses and the bytes allocated, between Start and Stop (all
    /// threads): "GC 12/3/1, pauses 0.05 s, 96 MB allocated".</summary>
    public string GcSummary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"GC {collections[0]}/{collections[1]}/{collections[2]}, pauses {pause.TotalSeconds:F2} s, {allocated / 1e6:F0} MB allocated");

    /// <summary>Methods the JIT compiled (first compilations and tier-ups, on any thread) between Start and Stop.</summary>
    public long JitMethods => jit;

    public static BenchTimer StartNew()
    {
        var timer = new BenchTimer();
        timer.Start();
        return timer;
    }

    public void Start()
    {
        cpuAtStart = Environment.CpuUsage.TotalTime;
        jitAtStart = System.Runtime.JitInfo.GetCompiledMethodCount();
        for (var g = 0; g < 3; g++)
        {
            collectionsAtStart[g] = GC.CollectionCount(g);
        }

        pauseAtStart = GC.GetTotalPauseDuration();
        allocatedAtStart = GC.GetTotalAllocatedBytes();
        wall.Start();
    }

    public void Stop()
    {
        wall.Stop();
        cpu += Environment.CpuUsage.TotalTime - cpuAtStart;
        jit += System.Runtime.JitInfo.GetCompiledMethodCount() - jitAtStart;
        for (var g = 0; g < 3; g++)
        {
            collections[g] += GC.CollectionCount(g) - collectionsAtStart[g];
        }

        pause += GC.GetTotalPauseDuration() - pauseAtStart;
        allocated += GC.GetTotalAllocatedBytes() - allocatedAtStart;
    }
}
