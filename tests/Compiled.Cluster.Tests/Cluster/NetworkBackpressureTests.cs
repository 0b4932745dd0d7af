using System.Net;
using Compiled.Api;
using Compiled.Cluster.Coordination;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Tests.Support;
using Compiled.Cluster.Workers;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;

namespace Compiled.Cluster.Tests.Cluster;

/// <summary>
/// A coordinator and two workers (in this process, talking over loopback sockets like separate processes): one sink
/// subtask stalls, and the whole job stops making progress instead of buffering — the producers on both workers are
/// held back through credits — then finishes with every record once the sink resumes.
/// </summary>
public sealed class NetworkBackpressureTests
{
    private const int Events = 400_000;
    private static readonly ManualResetEventSlim SinkGate = new(false);
    private static long _emitted;
    private static long _written;

    [Fact]
    public async Task AStalledSinkOnOneWorkerHoldsBackEveryProducerAndMemoryStaysBounded()
    {
        SinkGate.Reset();
        Interlocked.Exchange(ref _emitted, 0);
        Interlocked.Exchange(ref _written, 0);
        var logger = new RecordingLogger();
        var job = BuildJob();
        var coordinator = new ClusterCoordinator(new CoordinatorOptions { Bind = new IPEndPoint(IPAddress.Loopback, 0), Rest = null },
            job, [], Loopback.Secret, logger);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Task.Run(() => coordinator.RunAsync(stop.Token));
        while (coordinator.BoundEndpoint is null) await Task.Delay(10);
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new ClusterWorker(new WorkerOptions { Coordinator = coordinator.BoundEndpoint, Slots = 1 }, Loopback.Secret, (_, _) => BuildJob(), logger).RunAsync(stop.Token))).ToList();

        // Stalled: the sources stop once channels and credits are used up, far below the input size.
        long before = await Settled(() => Interlocked.Read(ref _emitted));
        Assert.InRange(before, 1, 40_000);
        await Task.Delay(300);
        Assert.Equal(before, Interlocked.Read(ref _emitted));

        SinkGate.Set();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromMinutes(2)));
        int[] exits = await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(new[] { 0, 0 }, exits);
        long emitted = Interlocked.Read(ref _emitted);
        Assert.True(emitted > Events / 2, $"only {emitted} bids"); // bids are most of the generator's events
        Assert.Equal(emitted, Interlocked.Read(ref _written)); // every record arrived once, nothing lost while stalled
    }

    /// <summary>
    /// Waits until <paramref name="read"/> has not changed for half a second: on a loaded machine a producer can pause
    /// for one 100 ms sample before it is really held back.
    /// </summary>
    private static async Task<long> Settled(Func<long> read)
    {
        long last = -1;
        int unchanged = 0;
        for (int i = 0; i < 200; i++)
        {
            await Task.Delay(100);
            long now = read();
            unchanged = now == last && now > 0 ? unchanged + 1 : 0;
            if (unchanged == 5) return now;
            last = now;
        }
        return last;
    }

    private static ClusterJob BuildJob()
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2, ChannelCapacity = 2, BatchSize = 256 });
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = Events }), WatermarkStrategy.NoWatermarks<Bid>(), "bids")
           .Map(static b =>
           {
               Interlocked.Increment(ref _emitted);
               return b;
           }, "count")
           .Rebalance()
           .SinkTo(new GatedSink(), "gated sink");
        return new ClusterJob("backpressure", env.BuildPlan(), env.Config);
    }

    /// <summary>Subtask 0 waits for <see cref="SinkGate"/> before each record; subtask 1 writes freely.</summary>
    private sealed class GatedSink : ISink<Bid>
    {
        public int? RequiredParallelism => null;

        public ISinkWriter<Bid> CreateWriter(SinkContext context) => new Writer(context.SubtaskIndex == 0);

        private sealed class Writer(bool gated) : ISinkWriter<Bid>
        {
            public void Write(in Bid value, long timestamp)
            {
                if (gated) SinkGate.Wait();
                Interlocked.Increment(ref _written);
            }

            public void Finish() { }

            public void Dispose() { }
        }
    }
}
