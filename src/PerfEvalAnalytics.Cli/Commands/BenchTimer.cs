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

    public TimeSpan Wall => wall.Elapsed;

    public TimeSpan Cpu => cpu;

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
        wall.Start();
    }

    public void Stop()
    {
        wall.Stop();
        cpu += Environment.CpuUsage.TotalTime - cpuAtStart;
        jit += System.Runtime.JitInfo.GetCompiledMethodCount() - jitAtStart;
    }
}
