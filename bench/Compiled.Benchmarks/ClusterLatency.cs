using System.Diagnostics;
using System.Globalization;
using System.Net;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Cluster.Coordination;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Security;
using Compiled.Cluster.Workers;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compiled.Benchmarks;

/// <summary>
/// End-to-end latency at a fixed rate: paced sources stamp each bid with the time it was emitted, a rebalance sends
/// half of them to the other worker, and the sinks record emit → sink latency. Once in one process, once on a
/// coordinator and two workers (in this process, over loopback sockets, like separate processes).
/// <c>cluster-latency [--rate EVENTS_PER_S] [--seconds S]</c>.
/// </summary>
internal static class ClusterLatency
{
    private static readonly List<long> Samples = [];
    private static long _warmupUntil;

    public static int Run(string[] args)
    {
        int rate = Option(args, "--rate", 200_000);
        int seconds = Option(args, "--seconds", 10);
        Console.WriteLine($"| where | rate | p50 | p99 | p99.9 | samples |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("single process, parallelism 2", rate, Measure(() => Build(rate, seconds), build => build().Execute("latency")));
        Report("coordinator + 2 workers × 1 slot", rate, Measure(() => Build(rate, seconds), RunOnCluster));
        return 0;
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
                lock (Samples) Samples.AddRange(_samples);
            }

            public void Dispose() { }
        }
    }
}
