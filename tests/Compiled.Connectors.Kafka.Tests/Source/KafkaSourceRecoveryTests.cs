using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.Tests.Support;

namespace Compiled.Connectors.Kafka.Tests.Source;

/// <summary>
/// Offsets live in checkpoints: a job over a topic that fails and restores (in place, or at another parallelism)
/// commits exactly the output of a run without failure — windows summed per sensor into an exactly-once part-file sink.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaSourceRecoveryTests(MockClusterFixture kafka)
{
    private const int Readings = 12_000;

    private string Topic()
    {
        string topic = kafka.CreateTopic("recovery", partitions: 5);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, Readings).Select(Reading.Json), partitions: 5);
        return topic;
    }

    private JobExecutionResult Run(string topic, string output, ExecutionConfig config, FailureInjector? failures = null)
    {
        var env = new StreamEnvironment(config);
        var readings = env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic), ReadingJobs.Watermarks);
        readings = readings.Map<Reading>(failures is null ? static r => r : failures.Pass); // the same operators in every run, so checkpoints match
        ReadingJobs.WindowSums(readings).SinkTo(ReadingJobs.Lines(output));
        return env.Execute("readings");
    }

    [Fact]
    public void AFailedJobRestoresFromTheCheckpointedOffsetsAndCommitsTheFailureFreeOutput()
    {
        string topic = Topic();
        using var dir = new TempDirectory();
        string expected = Path.Combine(dir.Path, "expected"), output = Path.Combine(dir.Path, "out"), checkpoints = Path.Combine(dir.Path, "checkpoints");
        Run(topic, expected, new ExecutionConfig { Parallelism = 2 });

        var failures = new FailureInjector(checkpoints, failAfter: Readings / 3);
        var result = Run(topic, output, new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(50)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(10)),
        }, failures);

        Assert.Equal(1, failures.Injected);
        Assert.Equal(1, result.Restarts);
        var committed = ReadingJobs.Committed(output);
        Assert.Equal(Readings / 100 * 7, ReadingJobs.Committed(expected).Count); // 7 sensors, 1 s windows, 100 readings a second
        Assert.Equal(ReadingJobs.Committed(expected), committed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ACheckpointAtParallelism3RestoresAtAnotherParallelismWithThePartitionsAndTheirOffsets(int parallelism)
    {
        string topic = Topic();
        using var dir = new TempDirectory();
        string expected = Path.Combine(dir.Path, "expected"), output = Path.Combine(dir.Path, "out"), checkpoints = Path.Combine(dir.Path, "checkpoints");
        Run(topic, expected, new ExecutionConfig { Parallelism = 3 });

        Assert.Throws<JobExecutionException>(() => Run(topic, output, new ExecutionConfig
        {
            Parallelism = 3,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(50)),
        }, new FailureInjector(checkpoints, failAfter: Readings / 2)));
        var latest = new FileCheckpointStorage(checkpoints).LoadLatest(out _)!;

        var result = Run(topic, output, new ExecutionConfig { Parallelism = parallelism, RestoreFrom = latest.Path });

        Assert.Equal(latest.CheckpointId, result.RestoredCheckpoint);
        Assert.Equal(ReadingJobs.Committed(expected), ReadingJobs.Committed(output));
    }
}
