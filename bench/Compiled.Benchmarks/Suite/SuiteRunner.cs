using System.Globalization;
using Compiled.Benchmarks.Chains;
using Compiled.Benchmarks.Latency;
using Compiled.Benchmarks.Loops;
using Compiled.Benchmarks.Reactive;
using Compiled.Benchmarks.Report;
using Compiled.Cluster;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;

namespace Compiled.Benchmarks.Suite;

/// <summary>
/// Runs the Nexmark suite in one process: per query every variant (interleaved repetitions, so a noisy neighbour
/// hurts all alike), then the compiled job with checkpoints, then at a fixed input rate for latency; then the operator
/// chains and the steady-state allocation probe.
/// </summary>
public static class SuiteRunner
{
    private const int LatencyParallelism = 1;

    /// <summary>A way to run a query: variant name, parallelism, and the run itself (events → rows).</summary>
    private sealed record Variant(string Name, int Parallelism, Func<long, long> Run);

    /// <summary>Runs the suite, writing one progress line per step to <paramref name="progressOutput"/>.</summary>
    public static SuiteReport Run(SuiteOptions options, TextWriter progressOutput)
    {
        ArgumentNullException.ThrowIfNull(options);
        var date = DateTimeOffset.UtcNow;
        var machine = MachineDescription.Current();
        var plan = options.Queries.Select(q => (Query: q, Variants: VariantsOf(q, options))).ToList();
        int steps = 1 + plan.Sum(p => (options.WarmupEvents > 0 ? 1 : 0) + p.Variants.Count * options.Repetitions)
            + options.Queries.Count * (options.Repetitions * options.StateBackends.Count + 1) + (options.ChainRecords > 0 ? 1 : 0) + 1;
        var progress = new ProgressDisplay(steps, progressOutput);

        // The chain comparison first, in a process no job has run in yet (as its own command measures it): a job run
        // before changes the JIT's code for the same chain operator (profile-guided inlining), see docs/benchmarks.md.
        IReadOnlyList<ChainResult> chains = [];
        if (options.ChainRecords > 0)
        {
            progress.Begin($"operator chains q1, q2: loop vs compiled vs interpreted, {options.ChainRecords:N0} records x {options.ChainRounds} rounds");
            chains = ChainMeasurements.Run(options.ChainRecords, options.ChainRounds);
            progress.End("done");
        }
        progress.Begin($"generator alone, {options.Repetitions} x {options.Events:N0} events");
        var generator = Enumerable.Range(0, options.Repetitions).Select(_ => RunMeter.Measure(() => HandWrittenQueries.GenerateOnly(options.Events))).ToList();
        double generatorEventsPerSecond = options.Events / Median(generator).Seconds;
        progress.End(string.Create(CultureInfo.InvariantCulture, $"{generatorEventsPerSecond / 1e6:F2} M events/s"));

        var throughput = plan.SelectMany(p => MeasureThroughput(p.Query, p.Variants, options, progress)).ToList();
        var checkpoints = options.StateBackends.SelectMany(backend => options.Queries.Select(q => MeasureCheckpoints(q, backend, options, throughput, progress))).ToList();
        var latency = options.Queries.Select(q => MeasureLatency(q, options, progress)).ToList();

        progress.Begin($"steady-state allocation per event, events {options.AllocationProbeEvents:N0} to {2 * options.AllocationProbeEvents:N0} of one run");
        var allocation = AllocationProbe.Run(options.AllocationProbeEvents);
        progress.End(string.Join(", ", allocation.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Query} {a.BytesPerEvent:F3} B"))));

        var settings = new SuiteSettings(options.Events, options.Repetitions, options.Parallelisms, options.CheckpointInterval.TotalMilliseconds,
            options.Latency.EventsPerSecond, options.LatencyDuration.TotalSeconds, options.Latency.Speedup, options.Latency.WarmupOf(options.LatencyDuration).TotalSeconds);
        return new SuiteReport(options.CommandLine, date, machine, settings, generatorEventsPerSecond, throughput, checkpoints, latency, chains, allocation,
            Targets.Evaluate(throughput, chains, allocation), RxQueries.Limitations);
    }

    private static List<Variant> VariantsOf(IBenchQuery query, SuiteOptions options)
    {
        var variants = new List<Variant>();
        if (query.HasHandWrittenLoop) variants.Add(new(Variants.HandWrittenLoop, 1, query.RunHandWrittenLoop));
        if (query.HasRx) variants.Add(new(Variants.Rx, 1, query.RunRx));
        foreach (int p in options.Parallelisms)
        {
            variants.Add(new(Variants.Compiled, p, events => query.RunEngine(events, new ExecutionConfig { Parallelism = p }).Rows));
            variants.Add(new(Variants.Interpreted, p, events => query.RunEngine(events, new ExecutionConfig { Parallelism = p, Interpreted = true }).Rows));
        }
        return variants;
    }

    private static IEnumerable<ThroughputResult> MeasureThroughput(IBenchQuery query, List<Variant> variants, SuiteOptions options, ProgressDisplay progress)
    {
        if (options.WarmupEvents > 0)
        {
            progress.Begin($"{query.Name}: warm-up (JIT), {variants.Count} variants x {options.WarmupEvents:N0} events");
            foreach (var v in variants) v.Run(options.WarmupEvents);
            progress.End("done");
        }
        var costs = variants.Select(_ => new List<RunCost>()).ToArray();
        for (int rep = 0; rep < options.Repetitions; rep++)
        {
            for (int i = 0; i < variants.Count; i++)
            {
                var v = variants[i];
                progress.Begin($"{query.Name} {v.Name} p={v.Parallelism} run {rep + 1}/{options.Repetitions}");
                var cost = RunMeter.Measure(() => v.Run(options.Events));
                costs[i].Add(cost);
                progress.End(string.Create(CultureInfo.InvariantCulture,
                    $"{options.Events / cost.Seconds / 1e6:F2} M events/s, {cost.Rows:N0} rows, {(double)cost.AllocatedBytes / options.Events:F1} B/event, GC {cost.Gen0}/{cost.Gen1}/{cost.Gen2}"));
            }
        }
        var results = variants.Select((v, i) => ToResult(query, v, options.Events, Median(costs[i]))).ToList();
        if (query.Kind != QueryKind.ProcessingTime && results.Where(r => !query.IsChangelog || r.Parallelism == 1).Select(r => r.Rows).Distinct().Count() > 1)
        {
            progress.Note($"WARNING: {query.Name}'s variants disagree on the number of result rows: " + string.Join(", ", results.Select(r => $"{r.Variant} p={r.Parallelism}: {r.Rows}")));
        }
        return results;
    }

    private static RunCost Median(List<RunCost> costs) => costs.OrderBy(c => c.Seconds).ElementAt(costs.Count / 2);

    private static ThroughputResult ToResult(IBenchQuery query, Variant v, long events, RunCost c) =>
        new(query.Name, query.Kind.ToString(), v.Name, v.Parallelism, events, c.Rows, c.Seconds, events / c.Seconds, c.CpuSeconds,
            events / Math.Max(c.CpuSeconds, 1e-9), (double)c.AllocatedBytes / events, c.Gen0, c.Gen1, c.Gen2, c.GcPause.TotalMilliseconds);

    private static CheckpointResult MeasureCheckpoints(IBenchQuery query, string backend, SuiteOptions options, List<ThroughputResult> throughput, ProgressDisplay progress)
    {
        int parallelism = options.Parallelisms.Max();
        var statistics = new List<CheckpointStatistics>();
        var seconds = new List<double>();
        string? error = null;
        for (int rep = 0; rep < options.Repetitions && error is null; rep++)
        {
            progress.Begin($"{query.Name} compiled p={parallelism} with {backend} state, checkpoints every {options.CheckpointInterval.TotalMilliseconds:0} ms, run {rep + 1}/{options.Repetitions}");
            string directory = Path.Combine(Path.GetTempPath(), $"compiled-bench-{Environment.ProcessId}-{query.Name}-{rep}");
            try
            {
                EngineRun? run = null;
                var cost = RunMeter.Measure(() =>
                {
                    run = query.RunEngine(options.Events, new ExecutionConfig
                    {
                        Parallelism = parallelism,
                        Checkpointing = new CheckpointConfig(directory, options.CheckpointInterval),
                        StateBackend = backend == "rocksdb" ? new RocksDbStateBackend() : HeapStateBackend.Instance,
                    });
                    return run.Rows;
                });
                statistics.AddRange(run!.Result.Checkpoints);
                seconds.Add(cost.Seconds);
                progress.End(string.Create(CultureInfo.InvariantCulture,
                    $"{options.Events / cost.Seconds / 1e6:F2} M events/s, {run.Result.Checkpoints.Count} checkpoints"));
            }
            catch (JobExecutionException ex)
            {
                error = ex.InnerException?.Message ?? ex.Message;
                progress.End("FAILED: " + error);
            }
            finally
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }
        double eventsPerSecond = seconds.Count == 0 ? 0 : options.Events / seconds.Order().ElementAt(seconds.Count / 2);
        double without = throughput.First(r => r.Query == query.Name && r.Variant == Variants.Compiled && r.Parallelism == parallelism).EventsPerSecond;
        var durations = statistics.Select(s => s.Duration.TotalMilliseconds).Order().ToList();
        var sizes = statistics.Select(s => (double)s.StateBytes).Order().ToList();
        return new CheckpointResult(query.Name, backend, parallelism, options.CheckpointInterval.TotalMilliseconds, options.Events, eventsPerSecond, eventsPerSecond / without,
            statistics.Count, MedianOf(durations), durations.LastOrDefault(), (long)MedianOf(sizes), (long)sizes.LastOrDefault(), error);
    }

    private static double MedianOf(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    private static LatencyResult MeasureLatency(IBenchQuery query, SuiteOptions options, ProgressDisplay progress)
    {
        var latency = options.Latency;
        // A windowed query's first rows come one window (or session gap) after the start: run that much longer.
        bool windowed = query.Kind is QueryKind.Windowed or QueryKind.ProcessingTime;
        var duration = options.LatencyDuration + (windowed ? QueryParameters.LongestWindow / latency.Speedup : TimeSpan.Zero);
        progress.Begin(string.Create(CultureInfo.InvariantCulture,
            $"{query.Name} compiled p={LatencyParallelism} at {latency.EventsPerSecond:N0} events/s{(latency.Speedup == 1 ? "" : $" ({latency.Speedup}x event time)")} for {duration.TotalSeconds:0.#} s"));
        var histogram = new LatencyHistogram();
        string? error = null;
        try
        {
            histogram = query.RunLatency(latency, new ExecutionConfig { Parallelism = LatencyParallelism }, duration);
        }
        catch (JobExecutionException ex)
        {
            error = ex.InnerException?.Message ?? ex.Message;
        }
        static double Ms(long micros) => micros / 1000.0;
        var result = new LatencyResult(query.Name, LatencyParallelism, latency.EventsPerSecond, duration.TotalSeconds, histogram.Count,
            Ms(histogram.ValueAt(50)), Ms(histogram.ValueAt(90)), Ms(histogram.ValueAt(99)), Ms(histogram.ValueAt(99.9)), Ms(histogram.Max), histogram.Mean / 1000.0,
            [.. LatencyResult.Percentiles.Select(p => new PercentilePoint(p, Ms(histogram.ValueAt(p))))], error);
        progress.End(error is not null ? "FAILED: " + error : string.Create(CultureInfo.InvariantCulture,
            $"{result.Samples:N0} rows, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, max {result.MaxMs:F2} ms"));
        return result;
    }
}
