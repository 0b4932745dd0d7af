using System.Diagnostics;
using System.Globalization;
using Compiled.Api;
using Compiled.Benchmarks.Report;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Compiled.Process;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Benchmarks;

/// <summary>
/// Time from a task failure to processing again: Nexmark q5 with 200 ms checkpoints fails once, after its state has
/// grown for a while, and the restart strategy restores the latest checkpoint in the same process. Measured from the
/// throw to the first record the restored job processes, per state backend; the median of several runs.
/// <c>recovery [--events N] [--fail-after-seconds S] [--repeat K] [--markdown FILE]</c>.
/// </summary>
internal static class RecoveryFigures
{
    private static long _failedAt;
    private static long _resumedAt;
    private static int _failed;

    public static int Run(string[] args)
    {
        long events = 3_000_000;
        double failAfter = 2;
        int repeat = 3;
        string? markdownPath = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--fail-after-seconds": failAfter = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--markdown": markdownPath = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: recovery [--events N] [--fail-after-seconds S] [--repeat K] [--markdown FILE]");
                    return 2;
            }
        }
        var rows = new List<string>();
        foreach (var (name, backend) in new (string, IStateBackend)[] { ("heap", HeapStateBackend.Instance), ("rocksdb", new RocksDbStateBackend()) })
        {
            var times = new List<double>();
            long stateBytes = 0;
            for (int r = 0; r < repeat; r++)
            {
                var (ms, bytes) = Measure(backend, events, failAfter);
                times.Add(ms);
                stateBytes = Math.Max(stateBytes, bytes);
            }
            times.Sort();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {stateBytes / 1e6:0.0} MB | {times[times.Count / 2]:0} ms | {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} |"));
        }
        string markdown = $"""
            ## Recovery: from a task failure to processing again

            Command: `./build.sh bench -- recovery {string.Join(' ', args)}`. {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores (shared).
            Nexmark q5 at parallelism 2 with 200 ms checkpoints; a map after the source throws once, {failAfter:0.#} s into the run; the restart
            strategy (fixed delay 0) cancels every task, restores the latest completed checkpoint in this process and redeploys. Time is
            from the throw to the first record the restored job processes (cancel + restore + deploy + first poll).

            | backend | latest checkpoint | failure → processing (median) | runs |
            |---|---:|---:|---|
            {string.Join("\n", rows)}
            """;
        Console.WriteLine(markdown);
        if (markdownPath is not null) MarkdownSections.Write(markdownPath, "recovery", markdown);
        return 0;
    }

    private static (double Ms, long StateBytes) Measure(IStateBackend backend, long events, double failAfter)
    {
        string checkpoints = Directory.CreateTempSubdirectory("compiled-recovery-").FullName;
        try
        {
            _failed = 0;
            _resumedAt = 0;
            long failAt = Stopwatch.GetTimestamp() + (long)(failAfter * Stopwatch.Frequency);
            var env = new StreamEnvironment(new ExecutionConfig
            {
                Parallelism = 2,
                Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(200)),
                RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.Zero),
                StateBackend = backend,
            });
            var bids = NexmarkInputs.Generator(env, events).Process(new FailOnce(failAt), "fails once").Bids();
            Q5.Build(bids).SinkTo(new CountingSink<Q5Row>(new RecordCounter()), "q5 sink");
            var result = env.Execute("recovery");
            if (result.Restarts != 1 || _resumedAt == 0) throw new InvalidOperationException($"expected one restart, got {result.Restarts}");
            long bytes = result.Checkpoints.Count == 0 ? 0 : result.Checkpoints.Select(c => c.StateBytes).DefaultIfEmpty().Max();
            return ((_resumedAt - _failedAt) * 1000.0 / Stopwatch.Frequency, bytes);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    /// <summary>
    /// Passes events on; the first instance that sees the clock pass <paramref name="failAt"/> throws once. Instances
    /// opened after the failure (the restored attempt) stamp the first record they see.
    /// </summary>
    private sealed class FailOnce(long failAt) : ProcessFunction<Connectors.Nexmark.NexmarkEvent, Connectors.Nexmark.NexmarkEvent>
    {
        private bool _restored;

        public override void Open() => _restored = Volatile.Read(ref _failed) == 1;

        public override void ProcessElement(in Connectors.Nexmark.NexmarkEvent value, ProcessContext context, Functions.ICollector<Connectors.Nexmark.NexmarkEvent> output)
        {
            if (_restored) Interlocked.CompareExchange(ref _resumedAt, Stopwatch.GetTimestamp(), 0);
            else if (Stopwatch.GetTimestamp() >= failAt && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                _failedAt = Stopwatch.GetTimestamp();
                throw new InvalidOperationException("injected failure");
            }
            output.Collect(value);
        }
    }
}
