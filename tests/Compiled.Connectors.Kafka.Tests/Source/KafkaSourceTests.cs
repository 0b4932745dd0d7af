using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.EventTime;

namespace Compiled.Connectors.Kafka.Tests.Source;

/// <summary>Reading topics of the mock cluster: partitions as splits, bounded mode, start modes and partition discovery.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaSourceTests(MockClusterFixture kafka)
{
    private static StreamEnvironment Env(int parallelism) => new(new ExecutionConfig { Parallelism = parallelism });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)] // more subtasks than partitions: two readers own nothing and must still end
    public void ABoundedSourceReadsEveryPartitionOnceAndFinishes(int parallelism)
    {
        string topic = kafka.CreateTopic("all", partitions: 4);
        var produced = Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 2000).Select(Reading.Json), partitions: 4, timestamp: i => 5_000 + i);

        var env = Env(parallelism);
        var sink = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic), WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(sink);
        env.Execute();

        Assert.Equal(Enumerable.Range(0, 2000).Select(Reading.Number).OrderBy(r => r.Time), sink.Results.OrderBy(r => r.Time));
        // Without a timestamp assigner the records carry the messages' Kafka timestamps.
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => 5_000L + i), sink.TimestampedResults.Select(r => r.Timestamp).Order());
        Assert.Equal(4, produced.Select(p => p.Partition.Value).Distinct().Count());
    }

    [Fact]
    public void ABoundedSourceStopsAtThePartitionEndsOfItsStart()
    {
        string topic = kafka.CreateTopic("bounded", partitions: 2);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 500).Select(Reading.Json), partitions: 2);

        // While the job reads, more messages arrive: they are past the stop offsets taken at the start.
        int appended = 0;
        var env = Env(2);
        var sink = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic), WatermarkStrategy.NoWatermarks<Reading>())
           .Map(r =>
           {
               if (Interlocked.Exchange(ref appended, 1) == 0)
                   Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(10_000, 100).Select(Reading.Json), partitions: 2);
               return r;
           })
           .SinkTo(sink);
        env.Execute();

        Assert.Equal(600, Topics.ReadAll(kafka.Bootstrap, topic).Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(Reading.Number).OrderBy(r => r.Time), sink.Results.OrderBy(r => r.Time));
    }

    [Fact]
    public void StartingFromLatestReadsOnlyMessagesProducedAfterTheStart()
    {
        string topic = kafka.CreateTopic("latest", partitions: 3);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 300).Select(Reading.Json), partitions: 3);

        var env = Env(2);
        var sink = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic, bounded: false, start: KafkaStartOffsets.Latest), WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(sink);
        using var cancellation = new CancellationTokenSource();
        var job = env.ExecuteAsync("latest", cancellation.Token);

        // When the readers took their start offsets is not observable: produce until something arrives, then a last batch.
        int batch = 0;
        Waits.Until(() =>
        {
            Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(1000 + 10 * batch++, 10).Select(Reading.Json), partitions: 3);
            return sink.Results.Count > 0;
        }, "the job reads new messages");
        var last = Enumerable.Range(100_000, 60).ToList();
        Topics.Produce(kafka.Bootstrap, topic, last.Select(Reading.Json), partitions: 3);
        Waits.Until(() => last.All(i => sink.Results.Contains(Reading.Number(i))), "the last batch is read");
        Waits.Cancel(cancellation, job);

        Assert.DoesNotContain(sink.Results, r => r.Time < Reading.Number(1000).Time);
        Assert.Equal(sink.Results.Count, sink.Results.Distinct().Count());
    }

    [Fact]
    public void CompletedCheckpointsCommitOffsetsThatACommittedStartContinuesFrom()
    {
        string topic = kafka.CreateTopic("committed", partitions: 3);
        string group = "group-" + topic;
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 300).Select(Reading.Json), partitions: 3);
        using var dir = new Compiled.Tests.Support.TempDirectory();

        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromMilliseconds(50)),
        });
        var first = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic, bounded: false, group: group), WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(first);
        using var cancellation = new CancellationTokenSource();
        var job = env.ExecuteAsync("committing", cancellation.Token);
        var ends = Topics.Ends(kafka.Bootstrap, topic, 3);
        Waits.Until(() => Topics.Committed(kafka.Bootstrap, topic, 3, group).OrderBy(c => c.Key).SequenceEqual(ends.OrderBy(e => e.Key)),
            "a checkpoint after the last message commits the partitions' end offsets");
        Waits.Cancel(cancellation, job);
        Assert.Equal(300, first.Results.Count);

        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(300, 90).Select(Reading.Json), partitions: 3);
        var second = new CollectSink<Reading>();
        var next = Env(2);
        next.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic, start: KafkaStartOffsets.Committed(), group: group), WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(second);
        next.Execute();

        Assert.Equal(Enumerable.Range(300, 90).Select(Reading.Number).OrderBy(r => r.Time), second.Results.OrderBy(r => r.Time));
    }

    [Fact]
    public void ACommittedStartFallsBackWhereTheGroupCommittedNothing()
    {
        string topic = kafka.CreateTopic("fallback", partitions: 2);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 100).Select(Reading.Json), partitions: 2);

        var env = Env(1);
        var sink = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic, start: KafkaStartOffsets.Committed(KafkaStartOffsets.Earliest), group: "never-committed-" + topic),
            WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(sink);
        env.Execute();

        Assert.Equal(100, sink.Results.Count);
    }

    /// <remarks>
    /// librdkafka 2.0's mock cluster answers every timestamp look-up with "end of partition", so only the case where no
    /// message is at or after the timestamp can be checked here; a real broker answers with the first such offset.
    /// </remarks>
    [Fact]
    public void StartingFromATimestampAfterEveryMessageReadsNothing()
    {
        string topic = kafka.CreateTopic("timestamp", partitions: 2);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 100).Select(Reading.Json), partitions: 2, timestamp: i => 1_000 + i);

        var env = Env(2);
        var sink = new CollectSink<Reading>();
        env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic, start: KafkaStartOffsets.FromTimestamp(1_000_000)), WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(sink);
        env.Execute();

        Assert.Empty(sink.Results);
    }

    [Fact]
    public void AnUnboundedSourceDiscoversPartitionsThatAppearWhileItRuns()
    {
        string topic = kafka.CreateTopic("discovery", partitions: 4);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 400).Select(Reading.Json), partitions: 4);
        // The mock cannot add partitions to a topic: partitions 2 and 3 are hidden from the source's metadata until released.
        bool released = false;
        var source = new KafkaSource<Reading>(ReadingJobs.Source(kafka.Bootstrap, topic, bounded: false).Options with
        {
            PartitionDiscoveryInterval = TimeSpan.FromMilliseconds(100),
            PartitionVisibility = tp => Volatile.Read(ref released) || tp.Partition.Value < 2,
        }, Formats.KafkaFormat.Json(TestJson.Default.Reading));

        var env = Env(3);
        var sink = new CollectSink<Reading>();
        env.FromSource(source, WatermarkStrategy.NoWatermarks<Reading>()).SinkTo(sink);
        using var cancellation = new CancellationTokenSource();
        var job = env.ExecuteAsync("discovery", cancellation.Token);
        Waits.Until(() => sink.Results.Count >= 200, "the visible partitions are read");
        Thread.Sleep(300); // three discovery rounds find nothing new
        Assert.Equal(200, sink.Results.Count);

        Volatile.Write(ref released, true);
        Waits.Until(() => sink.Results.Count >= 400, "the discovered partitions are read");
        Waits.Cancel(cancellation, job);

        Assert.Equal(Enumerable.Range(0, 400).Select(Reading.Number).OrderBy(r => r.Time), sink.Results.OrderBy(r => r.Time));
    }
}
