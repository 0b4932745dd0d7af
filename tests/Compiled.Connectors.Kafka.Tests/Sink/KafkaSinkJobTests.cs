using System.Text;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.EventTime;
using Compiled.Tests.Support;

namespace Compiled.Connectors.Kafka.Tests.Sink;

/// <summary>
/// Jobs from one topic to another with checkpoints every 50 ms, with and without an injected failure, per delivery
/// guarantee. Exactly-once is judged by the sink's transaction log: the mock cluster writes no commit or abort
/// markers, so every consumer sees aborted records too; a read_committed consumer of a real broker would see exactly
/// the committed ones, which is what these tests count.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaSinkJobTests(MockClusterFixture kafka)
{
    private const int Values = 6000;
    private static readonly List<string> Expected = [.. Enumerable.Range(0, Values).Select(i => $"v{i}").Order(StringComparer.Ordinal)];

    private (string Input, string Output) Topics2()
    {
        string input = kafka.CreateTopic("in", partitions: 4); // two per subtask: both run about as long
        Topics.Produce(kafka.Bootstrap, input, Enumerable.Range(0, Values).Select(i => $"v{i}"), partitions: 4);
        return (input, kafka.CreateTopic("out", partitions: 2));
    }

    private JobExecutionResult Run(string input, string output, KafkaDeliveryGuarantee guarantee, string checkpoints, FailureInjector failures, TransactionLog? log = null) =>
        Define(input, output, guarantee, checkpoints, failures, log, bounded: true).Execute("kafka-to-kafka");

    private StreamEnvironment Define(string input, string output, KafkaDeliveryGuarantee guarantee, string checkpoints, FailureInjector failures, TransactionLog? log, bool bounded)
    {
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(50)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(10)),
        });
        env.FromSource(new KafkaSource<string>(new KafkaSourceOptions { BootstrapServers = kafka.Bootstrap, Topics = [input], Bounded = bounded }, KafkaFormat.Utf8String),
                WatermarkStrategy.NoWatermarks<string>())
           .Map(failures.Pass)
           .SinkTo(new KafkaSink<string>(new KafkaSinkOptions<string>
           {
               BootstrapServers = kafka.Bootstrap,
               Topic = output,
               Guarantee = guarantee,
               TransactionalIdPrefix = output,
               TransactionListener = log is null ? null : log.Record,
               Key = static v => Encoding.UTF8.GetBytes(v),
           }, KafkaFormat.Utf8String), "to kafka");
        return env;
    }

    private List<string> Read(string topic, Func<Confluent.Kafka.TopicPartitionOffset, bool>? committed = null) =>
        [.. Topics.ReadAll(kafka.Bootstrap, topic).Where(m => committed?.Invoke(m.Position) ?? true).Select(m => Encoding.UTF8.GetString(m.Value)).Order(StringComparer.Ordinal)];

    [Fact]
    public void AtLeastOnceWithoutFailureWritesEveryRecordOnce()
    {
        var (input, output) = Topics2();
        using var dir = new TempDirectory();
        var result = Run(input, output, KafkaDeliveryGuarantee.AtLeastOnce, dir.Path, new FailureInjector(dir.Path, failAfter: -1));

        Assert.True(result.CompletedCheckpoints > 0);
        Assert.Equal(Expected, Read(output));
    }

    [Fact]
    public void AtLeastOnceAfterAFailureWritesEveryRecordAtLeastOnce()
    {
        var (input, output) = Topics2();
        using var dir = new TempDirectory();
        var failures = new FailureInjector(dir.Path, failAfter: Values / 4);
        var result = Run(input, output, KafkaDeliveryGuarantee.AtLeastOnce, dir.Path, failures);

        Assert.Equal(1, result.Restarts);
        var written = Read(output);
        Assert.Equal(Expected, written.Distinct().Order(StringComparer.Ordinal));
        Assert.True(written.Count >= Values);
    }

    [Fact]
    public void ExactlyOnceWithoutFailureCommitsEachRecordOnceInOneTransactionPerCheckpoint()
    {
        var (input, output) = Topics2();
        using var dir = new TempDirectory();
        var log = new TransactionLog();
        var result = Run(input, output, KafkaDeliveryGuarantee.ExactlyOnce, dir.Path, new FailureInjector(dir.Path, failAfter: -1, afterCheckpoint: int.MaxValue), log); // slowed all along: many checkpoints

        Assert.True(result.CompletedCheckpoints > 0);
        foreach (string id in new[] { $"{output}-to kafka-0", $"{output}-to kafka-1" })
        {
            // init, then per checkpoint: begin, pre-commit at the barrier, commit on completion (or the end commits).
            Assert.Matches(@"^init( begin( pre:\d+)+ commit:\d+)*( begin( pre:\d+)* commit:end)?$", log.Steps(id));
            Assert.Contains("commit:", log.Steps(id).Replace("commit:end", "", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(log.Events, e => e.Action == KafkaTransactionAction.Aborted);
        Assert.Equal(Expected, Read(output));
        Assert.Equal(Values, log.Committed.Count);
    }

    /// <remarks>
    /// The source is unbounded, as Kafka sources usually are: no subtask ends, and the job is cancelled once every
    /// record is committed (bounded jobs are covered by the end-to-end tests, which end with a final checkpoint).
    /// </remarks>
    [Fact]
    public void ExactlyOnceAfterAFailureCommitsEachRecordExactlyOnce()
    {
        var (input, output) = Topics2();
        using var dir = new TempDirectory();
        var log = new TransactionLog();
        var failures = new FailureInjector(dir.Path, failAfter: 1, afterCheckpoint: 3);
        using var cancellation = new CancellationTokenSource();
        var job = Define(input, output, KafkaDeliveryGuarantee.ExactlyOnce, dir.Path, failures, log, bounded: false).ExecuteAsync("kafka-to-kafka", cancellation.Token);
        Waits.Until(() => log.Committed.Count >= Values, "every record is committed");
        Waits.Cancel(cancellation, job);

        Assert.Equal(1, failures.Injected);
        // The restarted attempt took over the failed writers' producers (one init per id): it committed the transaction
        // of the restored checkpoint if the failure came before that commit, and aborted what followed the checkpoint.
        foreach (string id in new[] { $"{output}-to kafka-0", $"{output}-to kafka-1" })
            Assert.True(log.Steps(id).Split(' ').Count(s => s == "init") == 1, log.Steps(id));
        Assert.Empty(log.Committed.Intersect(log.Aborted));
        Assert.Equal(Expected, Read(output, log.Committed.Contains)); // what read_committed would show: each record once
        Assert.Equal(Expected, Read(output).Distinct().Order(StringComparer.Ordinal)); // what the mock shows: aborted duplicates too
    }
}
