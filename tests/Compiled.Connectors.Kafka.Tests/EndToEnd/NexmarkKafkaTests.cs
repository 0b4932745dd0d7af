using System.Text;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.Connectors.Nexmark;
using Compiled.Tests.Support;
using Nexmark.Cli;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Connectors.Kafka.Tests.EndToEnd;

/// <summary>
/// Nexmark events in an 8-partition topic (written by the sample's <c>produce</c> command, plus a few malformed
/// messages), read by q5 and q7 with checkpoints every 200 ms and written to a Kafka topic: through the sample's
/// command line, and as a job that fails once and restarts. Both must give the rows of the same query over the
/// generator, each committed once.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class NexmarkKafkaTests(MockClusterFixture kafka)
{
    private const int Events = 40_000;
    private static readonly string[] Garbage = ["{\"event_type\":1,\"bid\":", "not an event", "{}"];

    private string EventsTopic()
    {
        string topic = kafka.CreateTopic("nexmark", partitions: 8);
        var (exit, _, err) = Cli("produce", "--events", $"{Events}", "--kafka-bootstrap", kafka.Bootstrap, "--topic", topic);
        Assert.True(exit == 0, err);
        Topics.Produce(kafka.Bootstrap, topic, Garbage, partitions: 8);
        return topic;
    }

    private static (int ExitCode, string Out, string Err) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = NexmarkCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The query's rows over the generator's first <see cref="Events"/> events, as JSON lines, sorted.</summary>
    private static List<string> Expected(string query, TempDirectory dir)
    {
        string file = Path.Combine(dir.Path, $"expected-{query}.jsonl");
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        NexmarkJob.Build(query, NexmarkInputs.Generator(env, Events), new ResultSink(file));
        env.Execute();
        return [.. File.ReadAllLines(file).Order(StringComparer.Ordinal)];
    }

    private List<string> Rows(string topic, Func<Confluent.Kafka.TopicPartitionOffset, bool>? committed = null) =>
        [.. Topics.ReadAll(kafka.Bootstrap, topic).Where(m => committed?.Invoke(m.Position) ?? true).Select(m => Encoding.UTF8.GetString(m.Value)).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("q5")]
    [InlineData("q7")]
    public void TheSampleCommandLineReadsAndWritesKafkaTopics(string query)
    {
        using var dir = new TempDirectory();
        string events = EventsTopic(), output = kafka.CreateTopic("rows", partitions: 2), deadLetters = Path.Combine(dir.Path, "dead.jsonl");

        var (exit, _, err) = Cli("--query", query, "--parallelism", "2", "--kafka-bootstrap", kafka.Bootstrap, "--input-topic", events, "--bounded",
            "--output-topic", output, "--checkpoint-dir", Path.Combine(dir.Path, "checkpoints"), "--checkpoint-interval", "200ms", "--dead-letters", deadLetters);

        Assert.True(exit == 0, err);
        Assert.Contains($"{query}: {Events} events", err);
        var expected = Expected(query, dir);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Rows(output)); // no failure, so no aborted transaction: every consumer sees each row once
        Assert.Equal(Garbage.Length, File.ReadAllLines(deadLetters).Length);
        Assert.All(File.ReadAllLines(deadLetters), line => Assert.Contains($"\"file\":\"{events}/", line));
    }

    [Theory]
    [InlineData("q5")]
    [InlineData("q7")]
    public void AJobThatFailsAndRestartsCommitsEachRowOnce(string query)
    {
        using var dir = new TempDirectory();
        string events = EventsTopic(), output = kafka.CreateTopic("rows", partitions: 2), checkpoints = Path.Combine(dir.Path, "checkpoints");
        var log = new TransactionLog();
        var failures = new FailureInjector(checkpoints, failAfter: 1, afterCheckpoint: 2);
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(200)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(50)),
        });
        var input = NexmarkInputs.Kafka(env, kafka.Bootstrap, events, bounded: true);
        var dead = new CollectSink<DeadLetter>();
        input.GetSideOutput(DeadLetter.Tag).SinkTo(dead, "dead letters");
        var bids = input.Map(failures.Pass).Bids();
        if (query == "q5") Q5.Build(bids).SinkTo(Sink<Q5Row>(output, log), "rows");
        else Q7.Build(bids).SinkTo(Sink<BidRow>(output, log), "rows");
        var result = env.Execute();

        Assert.Equal(1, result.Restarts);
        Assert.True(dead.Results.Count >= Garbage.Length); // the restart may read a malformed message again
        Assert.Empty(log.Committed.Intersect(log.Aborted));
        // What a read_committed consumer of a real broker sees; the mock also shows rows of aborted transactions.
        Assert.Equal(Expected(query, dir), Rows(output, log.Committed.Contains));
    }

    private KafkaSink<TRow> Sink<TRow>(string topic, TransactionLog log) where TRow : INexmarkRow => new(new KafkaSinkOptions<TRow>
    {
        BootstrapServers = kafka.Bootstrap,
        Topic = topic,
        Guarantee = KafkaDeliveryGuarantee.ExactlyOnce,
        TransactionalIdPrefix = topic,
        TransactionListener = log.Record,
    }, KafkaFormat.Json<TRow>(null, static (writer, row) => row.WriteJson(writer)));
}
