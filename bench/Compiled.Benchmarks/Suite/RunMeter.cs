using System.Diagnostics;

namespace Compiled.Benchmarks.Suite;

/// <summary>What one run cost: wall-clock and CPU time, allocation and garbage collection.</summary>
/// <param name="Rows">Result rows the run produced.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="CpuSeconds">CPU time of the process (all threads).</param>
/// <param name="AllocatedBytes">Bytes allocated on all threads.</param>
/// <param name="Gen0">Collections of generation 0 only.</param>
/// <param name="Gen1">Collections of generations 0–1.</param>
/// <param name="Gen2">Full collections.</param>
/// <param name="GcPause">Time paused for garbage collection.</param>
internal readonly record struct RunCost(long Rows, double Seconds, double CpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause);

/// <summary>Measures a run in this process, starting from a collected heap so one run's garbage is not the next one's pause.</summary>
internal static class RunMeter
{
    public static RunCost Measure(Func<long> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();

        long rows = run();

        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
        long allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        // CollectionCount(n) counts every collection of generation n or higher; report each kind once.
        int full = GC.CollectionCount(2) - gen2;
        int gen1Only = GC.CollectionCount(1) - gen1 - full;
        int gen0Only = GC.CollectionCount(0) - gen0 - gen1Only - full;
        return new RunCost(rows, elapsed.TotalSeconds, cpuUsed.TotalSeconds, allocatedBytes, gen0Only, gen1Only, full, GC.GetTotalPauseDuration() - pause);
    }
}
