using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Checkpointing;

/// <summary>The checkpoint statistics a job reports must describe the checkpoints it wrote to disk.</summary>
public class CheckpointStatisticsTests
{
    private sealed class CountBids : IAggregateFunction<Bid, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Bid value, long accumulator) => accumulator + 1;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    [Fact]
    public void EveryCompletedCheckpointIsReportedWithTheSizeOfItsStateFiles()
    {
        using var dir = new TempDirectory();
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)) { Retained = int.MaxValue },
        });
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = 1_000_000 }),
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
        foreach (var statistics in result.Checkpoints)
        {
            var onDisk = FileCheckpointStorage.Load(storage.PathOf(statistics.CheckpointId));
            Assert.Equal(onDisk.Metadata.States.Count, statistics.StateFiles);
            Assert.Equal(onDisk.Metadata.States.Sum(s => onDisk.ReadState(s).Length + (s.Files?.Sum(f => f.Length) ?? 0)), statistics.StateBytes);
            Assert.True(statistics.StateBytes > 0, $"checkpoint {statistics.CheckpointId} reported no state");
            Assert.True(statistics.Duration > TimeSpan.Zero && statistics.Duration < result.Duration,
                $"checkpoint {statistics.CheckpointId} took {statistics.Duration} in a job of {result.Duration}");
        }
    }

    [Fact]
    public void AJobWithoutCheckpointingReportsNone()
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        env.FromCollection([1L, 2L, 3L]).SinkTo(new CollectSink<long>());
        Assert.Empty(env.Execute().Checkpoints);
    }
}
