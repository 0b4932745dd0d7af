using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Cluster.Coordination;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Security;
using Compiled.Cluster.Workers;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compiled.Benchmarks;

/// <summary>
/// End-to-end latency at a fixed rate: paced sources stamp each bid with the time it was emitted, a rebalance sends
/// half of them to the other worker, and the sinks record emit → sink latency. Once in one process, once on a
/// coordinator and two workers in this process (over loopback sockets), and once as three processes: this binary is
/// also the job binary of the latency job (<c>coordinator</c> / <c>worker</c> roles), whose sinks write their samples
/// to files. Stopwatch timestamps are the system's monotonic clock, so they compare across processes.
/// <c>cluster-latency [--rate EVENTS_PER_S] [--seconds S] [--in-process-only]</c>.
/// </summary>
internal static partial class ClusterLatency
{
    private static readonly List<long> Samples = [];
    private static long _warmupUntil;
    private static string? _samplesDirectory;

    public static int Run(string[] args)
    {
        int rate = Option(args, "--rate", 200_000);
        int seconds = Option(args, "--seconds", 10);
        Console.WriteLine($"| where | rate | p50 | p99 | p99.9 | samples |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("single process, parallelism 2", rate, Measure(() => Build(rate, seconds), build => build().Execute("latency")));
        Report("coordinator + 2 workers × 1 slot, one process", rate, Measure(() => Build(rate, seconds), RunOnCluster));
        if (!args.Contains("--in-process-only")) Report("coordinator + 2 worker processes × 1 slot", rate, RunAsProcesses(rate, seconds));
        return 0;
    }

    /// <summary>The latency job for the <c>coordinator</c> and <c>worker</c> roles of this binary: <c>--rate R --seconds S --samples DIR</c>.</summary>
    public static ClusterJob JobFactory(IReadOnlyList<string> jobArguments, ClusterRole role)
    {
        string[] args = [.. jobArguments];
        int i = Array.IndexOf(args, "--samples");
        _samplesDirectory = i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("The latency job needs --samples DIR.");
        _warmupUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        var env = Build(Option(args, "--rate", 200_000), Option(args, "--seconds", 10));
        return new ClusterJob("latency", env.BuildPlan(), env.Config);
    }

    private static long[] RunAsProcesses(int rate, int seconds)
    {
        string samples = Directory.CreateTempSubdirectory("compiled-latency-").FullName;
        var environment = new Dictionary<string, string> { ["COMPILED_CLUSTER_SECRET"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) };
        string[] job = ["--rate", $"{rate}", "--seconds", $"{seconds}", "--samples", samples];
        var processes = new List<ChildProcess>();
        try
        {
            var coordinator = Start(["coordinator", "--bind", "127.0.0.1:0", "--rest", "off", .. job], environment, processes);
            string control = coordinator.WaitForLog(ListeningLine(), TimeSpan.FromSeconds(60))?.Groups[1].Value
                ?? throw new InvalidOperationException($"the coordinator did not say where it listens:\n{coordinator.Log}");
            for (int w = 0; w < 2; w++) Start(["worker", "--coordinator", control, "--slots", "1"], environment, processes);
            if (!coordinator.WaitForExit(TimeSpan.FromSeconds(seconds + 120)) || coordinator.ExitCode != 0)
                throw new InvalidOperationException($"the latency job on worker processes failed (exit {(coordinator.HasExited ? coordinator.ExitCode : -1)})");
            foreach (var p in processes) p.WaitForExit(TimeSpan.FromSeconds(30));
            var all = new List<long>();
            foreach (var file in Directory.EnumerateFiles(samples, "*.bin"))
                all.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(file)).ToArray());
            all.Sort();
            return [.. all];
        }
        finally
        {
            foreach (var p in processes) p.Dispose(); // kills any still running
            Directory.Delete(samples, recursive: true);
        }
    }

    /// <summary>Starts this binary in a cluster role, its output collected.</summary>
    private static ChildProcess Start(string[] args, Dictionary<string, string> environment, List<ChildProcess> started)
    {
        var process = new ChildProcess(typeof(ClusterLatency).Assembly.Location, args, environment);
        started.Add(process);
        return process;
    }

    private static long[] Measure(Func<StreamEnvironment> build, Action<Func<StreamEnvironment>> run)
    {
        lock (Samples) Samples.Clear();
        _warmupUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        run(build);
        lock (Samples) return [.. Samples.Order()];
    }

    private static StreamEnvironment Build(int rate, int seconds)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        env.FromSource(new PacedSource(rate / 2, (long)rate / 2 * seconds), WatermarkStrategy.NoWatermarks<Bid>(), "paced bids")
           .Rebalance()
           .SinkTo(new LatencySink(), "latency sink");
        return env;
    }

    private static void RunOnCluster(Func<StreamEnvironment> build)
    {
        // Every process builds its own job (application mode); here all of them share this process.
        var secret = ClusterSecret.FromText(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        ClusterJob Job()
        {
            var env = build();
            return new("latency", env.BuildPlan(), env.Config);
        }
        var coordinator = new ClusterCoordinator(new CoordinatorOptions { Bind = new IPEndPoint(IPAddress.Loopback, 0), Rest = null }, Job(), [], secret, NullLogger.Instance);
        var running = Task.Run(() => coordinator.RunAsync(CancellationToken.None));
        while (coordinator.BoundEndpoint is null) Thread.Sleep(5);
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => new ClusterWorker(
            new WorkerOptions { Coordinator = coordinator.BoundEndpoint, Slots = 1 }, secret, (_, _) => Job(), NullLogger.Instance).RunAsync(CancellationToken.None))).ToArray();
        if (running.GetAwaiter().GetResult() != 0) throw new InvalidOperationException("the cluster job failed");
        Task.WaitAll(workers);
    }

    private static void Report(string where, int rate, long[] samples)
    {
        string At(double q) => samples.Length == 0 ? "-" :
            (samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))] * 1000.0 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine($"| {where} | {rate / 1000} k/s | {At(0.5)} | {At(0.99)} | {At(0.999)} | {samples.Length} |");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Emits <c>perSecond</c> bids per subtask on schedule, each carrying its emit time in <see cref="Bid.Bidder"/>.</summary>
    private sealed class PacedSource(int perSecond, long perSubtask) : ISource<Bid>
    {
        public Boundedness Boundedness => Boundedness.Bounded;

        public ISourceReader<Bid> CreateReader(SourceReaderContext context) => new Reader(perSecond, perSubtask);

        private sealed class Reader(int perSecond, long total) : ISourceReader<Bid>
        {
            private readonly long _start = Stopwatch.GetTimestamp();
            private long _emitted;

            public InputStatus PollNext(SourceOutput<Bid> output)
            {
                if (_emitted >= total) return InputStatus.EndOfInput;
                long now = Stopwatch.GetTimestamp();
                long due = Math.Min(total, (now - _start) * perSecond / Stopwatch.Frequency);
                if (due <= _emitted) return InputStatus.NothingAvailable;
                for (int i = 0; i < 256 && _emitted < due; i++, _emitted++)
                    output.Collect(new Bid(_emitted, Stopwatch.GetTimestamp(), 1, "c", "u", 0, ""));
                return InputStatus.MoreAvailable;
            }

            public void Dispose() { }
        }
    }

    private sealed class LatencySink : ISink<Bid>
    {
        public ISinkWriter<Bid> CreateWriter(SinkContext context) => new Writer();

        private sealed class Writer : ISinkWriter<Bid>
        {
            private readonly List<long> _samples = [];

            public void Write(in Bid value, long timestamp)
            {
                long now = Stopwatch.GetTimestamp();
                if (now > _warmupUntil) _samples.Add(now - value.Bidder);
            }

            public void Finish()
            {
                if (_samplesDirectory is { } directory)
                    File.WriteAllBytes(Path.Combine(directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}.bin"),
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_samples)).ToArray());
                else
                    lock (Samples) Samples.AddRange(_samples);
            }

            public void Dispose() { }
        }
    }

    [GeneratedRegex(@"listening on (127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
