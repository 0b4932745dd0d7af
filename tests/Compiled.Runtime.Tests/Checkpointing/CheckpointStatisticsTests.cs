using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Checkpointing;

/// <summary>
/// The checkpoint statistics a job reports must describe the checkpoints it wrote to disk; with incremental RocksDB
/// checkpoints a checkpoint's size includes the files its state references.
/// </summary>
public class CheckpointStatisticsTests
{
    private sealed class CountBids : IAggregateFunction<Bid, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Bid value, long accumulator) => accumulator + 1;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    [Theory]
    [InlineData("heap", 2, 1_000_000)]
    [InlineData("rocksdb", 1, 100_000)]
    public void EveryCompletedCheckpointIsReportedWithTheSizeOfItsStateFiles(string backend, int parallelism, long events)
    {
        using var dir = new TempDirectory();
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = parallelism,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)) { Retained = int.MaxValue },
            StateBackend = backend == "rocksdb" ? new RocksDbStateBackend(Path.Combine(dir.Path, "local")) : HeapStateBackend.Instance,
        });
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = events }),
                WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, TimeSpan.FromSeconds(4)))
           .KeyBy(static b => b.Auction)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(2)))
           .Aggregate(new CountBids())
           .SinkTo(new CollectSink<long>());

        var result = env.Execute("statistics");

        Assert.True(result.CompletedCheckpoints > 0, $"no checkpoint completed in {result.Duration}");
        Assert.Equal(result.CompletedCheckpoints, result.Checkpoints.Count);
        var storage = new FileCheckpointStorage(checkpoints);
        Assert.Equal(storage.CompletedIds(), result.Checkpoints.Select(c => c.CheckpointId).ToList());
        long referencedBytes = 0;
        foreach (var statistics in result.Checkpoints)
        {
            var onDisk = FileCheckpointStorage.Load(storage.PathOf(statistics.CheckpointId));
            Assert.Equal(onDisk.Metadata.States.Count, statistics.StateFiles);
            referencedBytes += onDisk.Metadata.States.Sum(s => s.Files?.Sum(f => f.Length) ?? 0);
            Assert.Equal(onDisk.Metadata.States.Sum(s => onDisk.ReadState(s).Length + (s.Files?.Sum(f => f.Length) ?? 0)), statistics.StateBytes);
            Assert.True(statistics.StateBytes > 0, $"checkpoint {statistics.CheckpointId} reported no state");
            Assert.True(statistics.Duration > TimeSpan.Zero && statistics.Duration < result.Duration,
                $"checkpoint {statistics.CheckpointId} took {statistics.Duration} in a job of {result.Duration}");
        }
        if (backend == "rocksdb") Assert.True(referencedBytes > 0, "no checkpoint referenced any RocksDB file");
    }

    [Fact]
    public void AJobWithoutCheckpointingReportsNone()
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        env.FromCollection([1L, 2L, 3L]).SinkTo(new CollectSink<long>());
        Assert.Empty(env.Execute().Checkpoints);
    }
}
