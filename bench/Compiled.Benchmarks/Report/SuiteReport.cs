using System.Text.Json.Serialization;

namespace Compiled.Benchmarks.Report;

/// <summary>Everything one suite run measured: what <c>docs/benchmarks.json</c> holds.</summary>
/// <param name="Command">The command that produced it.</param>
/// <param name="Date">When it ran (UTC).</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Settings">How it ran.</param>
/// <param name="GeneratorEventsPerSecond">Generating the events alone, one thread (median): the ceiling of every single-threaded variant.</param>
/// <param name="Throughput">One entry per query, variant and parallelism (the median of the repetitions).</param>
/// <param name="Checkpoints">Per query, the compiled job with periodic checkpoints.</param>
/// <param name="Latency">Per query, the compiled job at a fixed input rate.</param>
/// <param name="Chains">The q1/q2 operator chains against the loop, without threads or sources.</param>
/// <param name="SteadyStateAllocation">Bytes per event once a job runs, per query.</param>
/// <param name="Targets">The project's performance goals and where the figures stand.</param>
/// <param name="RxLimitations">What the Rx.NET versions cannot express.</param>
public sealed record SuiteReport(
    string Command,
    DateTimeOffset Date,
    MachineInfo Machine,
    SuiteSettings Settings,
    double GeneratorEventsPerSecond,
    IReadOnlyList<ThroughputResult> Throughput,
    IReadOnlyList<CheckpointResult> Checkpoints,
    IReadOnlyList<LatencyResult> Latency,
    IReadOnlyList<ChainResult> Chains,
    IReadOnlyList<AllocationResult> SteadyStateAllocation,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> RxLimitations);

/// <summary>The machine of a run.</summary>
/// <param name="Cores">Logical processors.</param>
/// <param name="Cpu">Processor model.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">.NET version.</param>
/// <param name="LoadAverage">1/5/15-minute load average when the run started (the machine is shared).</param>
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime, string LoadAverage);

/// <summary>The settings of a run.</summary>
/// <param name="Events">Events per throughput run.</param>
/// <param name="Repetitions">Runs per variant.</param>
/// <param name="Parallelisms">Engine parallelisms.</param>
/// <param name="CheckpointIntervalMs">Checkpoint interval of the checkpointed runs.</param>
/// <param name="LatencyEventsPerSecond">Input rate of the latency runs.</param>
/// <param name="LatencySeconds">Length of each latency run.</param>
/// <param name="LatencySpeedup">Event time per wall-clock time in the latency runs.</param>
/// <param name="LatencyWarmupSeconds">Start of each latency run not recorded.</param>
public sealed record SuiteSettings(long Events, int Repetitions, IReadOnlyList<int> Parallelisms, double CheckpointIntervalMs,
    int LatencyEventsPerSecond, double LatencySeconds, double LatencySpeedup, double LatencyWarmupSeconds);

/// <summary>One query in one variant: the run with the median time.</summary>
/// <param name="Query">Query name.</param>
/// <param name="Kind">Stateless, Windowed or Stateful.</param>
/// <param name="Variant">"hand-written loop", "Rx.NET", "compiled" or "interpreted".</param>
/// <param name="Parallelism">Engine parallelism (1 for the loop and Rx).</param>
/// <param name="Events">Events generated.</param>
/// <param name="Rows">Result rows.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="EventsPerSecond">Events / wall-clock second.</param>
/// <param name="CpuSeconds">CPU time of the process during the run (all threads, GC included).</param>
/// <param name="EventsPerCoreSecond">Events / CPU second: throughput per core actually used.</param>
/// <param name="AllocatedBytesPerEvent">Bytes allocated on all threads / events.</param>
/// <param name="Gen0Collections">Collections of generation 0 only.</param>
/// <param name="Gen1Collections">Collections of generations 0–1.</param>
/// <param name="Gen2Collections">Full collections.</param>
/// <param name="GcPauseMilliseconds">Time the runtime was paused for garbage collection.</param>
public sealed record ThroughputResult(string Query, string Kind, string Variant, int Parallelism, long Events, long Rows,
    double Seconds, double EventsPerSecond, double CpuSeconds, double EventsPerCoreSecond, double AllocatedBytesPerEvent,
    int Gen0Collections, int Gen1Collections, int Gen2Collections, double GcPauseMilliseconds);

/// <summary>A query with periodic checkpoints (compiled; statistics over all its repetitions).</summary>
/// <param name="Query">Query name.</param>
/// <param name="StateBackend">"heap" or "rocksdb".</param>
/// <param name="Parallelism">Engine parallelism.</param>
/// <param name="IntervalMs">Checkpoint interval.</param>
/// <param name="Events">Events per run.</param>
/// <param name="EventsPerSecond">Median throughput with checkpoints.</param>
/// <param name="VsWithout">That throughput / the same job's without checkpoints.</param>
/// <param name="Checkpoints">Checkpoints completed (all repetitions).</param>
/// <param name="DurationP50Ms">Median checkpoint duration (barrier injection to metadata written).</param>
/// <param name="DurationMaxMs">Longest checkpoint duration.</param>
/// <param name="SizeP50Bytes">Median size of a checkpoint's state (incremental backends: including files shared with earlier checkpoints).</param>
/// <param name="SizeMaxBytes">Largest state size.</param>
/// <param name="Error">Why the job failed with checkpoints, or null.</param>
public sealed record CheckpointResult(string Query, string StateBackend, int Parallelism, double IntervalMs, long Events, double EventsPerSecond, double VsWithout,
    int Checkpoints, double DurationP50Ms, double DurationMaxMs, long SizeP50Bytes, long SizeMaxBytes, string? Error);

/// <summary>End-to-end latency of a query at a fixed input rate (compiled).</summary>
/// <param name="Query">Query name.</param>
/// <param name="Parallelism">Engine parallelism.</param>
/// <param name="EventsPerSecond">Input rate.</param>
/// <param name="Seconds">Length of the run.</param>
/// <param name="Samples">Result rows measured (after the warm-up).</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="P999Ms">99.9th percentile.</param>
/// <param name="MaxMs">Largest latency.</param>
/// <param name="MeanMs">Mean latency.</param>
/// <param name="Distribution">Latency at each percentile of <see cref="LatencyResult.Percentiles"/>, for the chart.</param>
/// <param name="Error">Why the job failed, or null.</param>
public sealed record LatencyResult(string Query, int Parallelism, int EventsPerSecond, double Seconds, long Samples,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs, IReadOnlyList<PercentilePoint> Distribution, string? Error)
{
    /// <summary>Percentiles of <see cref="Distribution"/>.</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [50, 75, 90, 95, 99, 99.9, 99.99, 100];
}

/// <summary>One point of a latency distribution.</summary>
/// <param name="Percentile">0–100.</param>
/// <param name="Ms">Latency at that percentile.</param>
public sealed record PercentilePoint(double Percentile, double Ms);

/// <summary>An operator chain pushed in-memory bids (no source, threads or channels).</summary>
/// <param name="Query">Query name.</param>
/// <param name="Variant">Loop, loop + sink call, compiled chain or interpreted chain.</param>
/// <param name="Operators">Operators between input and sink (0 for loops).</param>
/// <param name="NsPerRecord">Median time per record.</param>
/// <param name="VsLoop">Time / the loop's time.</param>
/// <param name="AllocatedBytesPerRecord">Bytes allocated per record.</param>
public sealed record ChainResult(string Query, string Variant, int Operators, double NsPerRecord, double VsLoop, double AllocatedBytesPerRecord);

/// <summary>Steady-state allocation of a compiled job.</summary>
/// <param name="Query">Query name.</param>
/// <param name="BytesPerEvent">Marginal bytes per event between a run of N and one of 2N events.</param>
public sealed record AllocationResult(string Query, double BytesPerEvent);

/// <summary>A performance goal of the project (tracked, not asserted).</summary>
/// <param name="Target">The goal.</param>
/// <param name="Measured">The figure measured.</param>
/// <param name="Met">Whether the figure meets the goal.</param>
public sealed record TargetResult(string Target, string Measured, bool Met);

/// <summary>JSON of <see cref="SuiteReport"/> (source-generated).</summary>
[JsonSerializable(typeof(SuiteReport))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class SuiteJsonContext : JsonSerializerContext;
