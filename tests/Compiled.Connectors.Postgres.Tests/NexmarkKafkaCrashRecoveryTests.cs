using Compiled.Connectors.Kafka.Testing;
using Compiled.Connectors.Nexmark;
using Compiled.Connectors.Postgres.Tests.Support;
using Compiled.Tests.Shared;
using Nexmark.Cli;
using Nexmark.Job;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>
/// End to end: Nexmark events in a multi-partition Kafka topic (librdkafka's mock cluster, owned by this test), read
/// by the Nexmark job binary running q5 / q7 with 200 ms checkpoints and writing to PostgreSQL exactly once. The job
/// is killed with SIGKILL at random points after it committed rows and restarted from the latest checkpoint; the
/// table must equal that of an uninterrupted run over the same topic.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NexmarkKafkaCrashRecoveryTests(PostgresServer server)
{
    // The mock keeps only about 5 MiB per partition (older messages are dropped) and an event is ~330 bytes of JSON:
    // 120k events spread over 32 partitions take ~1.3 MB each. At 400 events/s of event time they span 300 s, so q7
    // has 30 windows. The checkpointed runs read at most 30k events/s, so every attempt lasts seconds after its first
    // committed rows however fast the machine is, and each kill lands mid-run.
    private const long Events = 120_000;
    private const int Partitions = 32;
    private const string MaxRate = "30000";

    [Theory]
    [InlineData("q5", 5)]
    [InlineData("q7", 7)]
    public void AKilledAndRestartedKafkaJobLeavesExactlyTheUninterruptedTable(string query, int seed)
    {
        using var work = new TempDirectory();
        using var kafka = new KafkaMockCluster(brokers: 3);
        string topic = $"nexmark-{query}";
        kafka.CreateTopic(topic, Partitions);
        using (var err = new StringWriter())
            GenerateEvents.Produce(new ProduceCommand(Events, kafka.BootstrapServers, topic), err, new NexmarkGeneratorConfig { FirstEventRate = 400 });

        string expected = Readings.NewTable(), actual = Readings.NewTable();
        string[] common = ["--query", query, "--parallelism", "2", "--kafka-bootstrap", kafka.BootstrapServers, "--input-topic", topic, "--bounded",
            "--postgres", server.ConnectionString];
        var uninterruptedRun = JobProcess.Run([.. common, "--postgres-table", expected], killAfter: null);
        Assert.Contains($"{query}: {Events} events", uninterruptedRun.Output); // the mock kept every event

        server.Execute($"CREATE TABLE {actual} ({NexmarkPostgres.ColumnDefinitions(query)})"); // polled before the job creates it
        string[] job = [.. common, "--postgres-table", actual, "--checkpoint-dir", work.Path, "--checkpoint-interval", "200ms", "--max-rate", MaxRate];
        var random = new Random(seed);
        int kills = 0;
        long committed = 0;
        bool finished = false;
        for (int attempt = 0; attempt < 3 && !finished; attempt++)
        {
            // Killed a random moment after this attempt committed rows of its own, so every kill lands mid-run.
            string[] args = attempt == 0 ? job : [.. job, "--from-checkpoint", "latest"];
            long before = committed;
            var run = JobProcess.Run(args, TimeSpan.FromMilliseconds(random.Next(0, 300)), armed: () => server.Count($"SELECT count(*) FROM {actual}") > before);
            committed = server.Count($"SELECT count(*) FROM {actual}");
            finished = !run.Killed;
            if (run.Killed) kills++;
        }
        // A job that ended must not run again: its last checkpoint lies before the end of its input.
        if (!finished) JobProcess.Run([.. job, "--from-checkpoint", "latest"], killAfter: null);

        string columns = query == "q5" ? "auction, num" : "auction, bidder, price, date_time, extra";
        var uninterrupted = server.Rows($"SELECT {columns} FROM {expected} ORDER BY {columns}");
        Assert.True(uninterrupted.Count > 5, $"only {uninterrupted.Count} rows: give the job more events");
        Assert.True(kills > 0, "the job finished before it could be killed: give it more events");
        Assert.Equal(uninterrupted, server.Rows($"SELECT {columns} FROM {actual} ORDER BY {columns}"));
        Assert.DoesNotContain(server.PreparedTransactions(), gid => gid.Contains(actual, StringComparison.Ordinal));
    }
}
