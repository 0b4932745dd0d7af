using System.Globalization;
using Compiled.Benchmarks.Chains;
using Compiled.Benchmarks.Suite;

namespace Compiled.Benchmarks.Report;

/// <summary>The project's performance goals, evaluated against a run's figures (reported, never asserted).</summary>
internal static class Targets
{
    /// <summary>Below this many bytes per event a job counts as allocation-free (buffers that grow once, amortised).</summary>
    private const double ZeroAllocationBytes = 0.01;

    public static List<TargetResult> Evaluate(IReadOnlyList<ThroughputResult> throughput, IReadOnlyList<ChainResult> chains, IReadOnlyList<AllocationResult> allocation)
    {
        var targets = new List<TargetResult>();
        foreach (var (query, goal) in new[] { ("q0", 10e6), ("q1", 10e6), ("q2", 10e6), ("q5", 3e6), ("q7", 3e6) })
        {
            if (Find(throughput, query, Variants.Compiled) is not { } compiled) continue;
            targets.Add(new TargetResult($"{query}: ≥ {goal / 1e6:0} M events/s per core (compiled, p={compiled.Parallelism}, events per CPU-second)",
                Text($"{compiled.EventsPerCoreSecond / 1e6:F2} M"), compiled.EventsPerCoreSecond >= goal));
        }
        foreach (string query in new[] { "q1", "q2" })
        {
            if (Find(throughput, query, Variants.Compiled) is not { } compiled || Find(throughput, query, Variants.HandWrittenLoop) is not { } loop) continue;
            double ratio = compiled.Seconds / loop.Seconds;
            targets.Add(new TargetResult($"{query}: compiled time ≤ 1.25x the hand-written loop's (p=1, whole job incl. generator)", Text($"{ratio:F2}x"), ratio <= 1.25));
            if (chains.FirstOrDefault(c => c.Query == query && c.Variant == ChainMeasurements.CompiledChain) is not { } chain) continue;
            targets.Add(new TargetResult($"{query}: compiled chain ≤ 1.25x the hand-written loop's time per record (operators only)", Text($"{chain.VsLoop:F2}x"), chain.VsLoop <= 1.25));
            if (chains.FirstOrDefault(c => c.Query == query && c.Variant == ChainMeasurements.LoopIntoBatch) is { } intoBatch)
            {
                double vsBatch = chain.NsPerRecord / intoBatch.NsPerRecord;
                targets.Add(new TargetResult($"{query}: compiled chain ≤ 1.25x the hand-written loop that stores its rows in a batch, as a chain must", Text($"{vsBatch:F2}x"), vsBatch <= 1.25));
            }
            if (chains.FirstOrDefault(c => c.Query == query && c.Variant == ChainMeasurements.InterpretedChain) is { } interpreted)
            {
                double speedup = interpreted.NsPerRecord / chain.NsPerRecord;
                targets.Add(new TargetResult($"{query}: compiled chain ≥ 1.5x faster than interpreted", Text($"{speedup:F2}x"), speedup >= 1.5));
            }
        }
        foreach (var a in allocation)
            targets.Add(new TargetResult($"{a.Query}: zero allocations per event (compiled, steady state)", Text($"{a.BytesPerEvent:F3} B/event"), a.BytesPerEvent < ZeroAllocationBytes));
        return targets;
    }

    private static ThroughputResult? Find(IReadOnlyList<ThroughputResult> results, string query, string variant) =>
        results.Where(r => r.Query == query && r.Variant == variant).OrderBy(r => r.Parallelism).FirstOrDefault();

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
