using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.State.RocksDb.Backend;
using Compiled.Windowing;

namespace Compiled.State.RocksDb.Tests.Backend;

/// <summary>With incremental RocksDB checkpoints, a checkpoint's reported size must include the files its state references.</summary>
public class IncrementalCheckpointStatisticsTests
{
    private sealed class CountBids : IAggregateFunction<Bid, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Bid value, long accumulator) => accumulator + 1;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    [Fact]
    public void ReportedSizesCountTheStateFilesAndTheFilesTheyReference()
    {
        using var dir = new TempDir();
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 1,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)) { Retained = int.MaxValue },
            StateBackend = new RocksDbStateBackend(Path.Combine(dir.Path, "local")),
        });
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = 100_000 }),
                WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, TimeSpan.FromSeconds(4)))
           .KeyBy(static b => b.Auction)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(2)))
           .Aggregate(new CountBids())
           .SinkTo(new CollectSink<long>());

        var result = env.Execute("incremental statistics");

        Assert.True(result.CompletedCheckpoints > 0, $"no checkpoint completed in {result.Duration}");
        Assert.Equal(result.CompletedCheckpoints, result.Checkpoints.Count);
        var storage = new FileCheckpointStorage(checkpoints);
        long referencedBytes = 0;
        foreach (var statistics in result.Checkpoints)
        {
            var metadata = FileCheckpointStorage.Load(storage.PathOf(statistics.CheckpointId)).Metadata;
            long files = metadata.States.Sum(s => s.Files?.Sum(f => f.Length) ?? 0);
            Assert.Equal(metadata.States.Sum(s => s.Length) + files, statistics.StateBytes);
            referencedBytes += files;
        }
        Assert.True(referencedBytes > 0, "no checkpoint referenced any RocksDB file");
    }
}
