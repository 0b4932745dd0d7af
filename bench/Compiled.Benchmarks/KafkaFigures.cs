using System.Globalization;
using System.Text;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Kafka.Testing;
using Compiled.Connectors.Nexmark;
using Compiled.Benchmarks.Report;
using Compiled.EventTime;
using Compiled.Serialization;

namespace Compiled.Benchmarks;

/// <summary>
/// Kafka connector throughput against librdkafka's in-process mock cluster: the sink writing Nexmark bids (binary
/// format) at least once and exactly once, and the bounded source reading them back, at parallelism 1 and 2. The mock
/// keeps about 5 MiB per partition, so the topics have 16 partitions and the bid count stays moderate.
/// </summary>
internal static class KafkaFigures
{
    private const int Partitions = 32;

    public static int Run(string[] args)
    {
        long events = 200_000;
        string? markdownPath = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--markdown": markdownPath = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: kafka [--events N] [--markdown FILE]");
                    return 2;
            }
        }
        using var cluster = new KafkaMockCluster(brokers: 3);
        var format = KafkaFormat.Binary(RecordSerializers.Get<Bid>());
        var rows = new List<(string What, int Parallelism, long Records, double Seconds)>();
        string work = Path.Combine(Path.GetTempPath(), "compiled-kafka-figures-" + Guid.NewGuid().ToString("N"));
        try
        {
            int topics = 0;
            foreach (int parallelism in new[] { 1, 2 })
            {
                foreach (var guarantee in new[] { KafkaDeliveryGuarantee.AtLeastOnce, KafkaDeliveryGuarantee.ExactlyOnce })
                {
                    string topic = $"bids-{++topics}";
                    cluster.CreateTopic(topic, Partitions);
                    var env = new StreamEnvironment(new ExecutionConfig
                    {
                        Parallelism = parallelism,
                        Checkpointing = new CheckpointConfig(Path.Combine(work, topic), TimeSpan.FromMilliseconds(200)),
                    });
                    env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = events }), WatermarkStrategy.NoWatermarks<Bid>())
                       .SinkTo(new KafkaSink<Bid>(new KafkaSinkOptions<Bid>
                       {
                           BootstrapServers = cluster.BootstrapServers,
                           Topic = topic,
                           Guarantee = guarantee,
                           TransactionalIdPrefix = topic,
                       }, format));
                    var written = env.Execute("kafka-sink");
                    long bids = CountBids(events);
                    string what = guarantee == KafkaDeliveryGuarantee.ExactlyOnce ? "sink, exactly-once (200 ms checkpoints)" : "sink, at-least-once (200 ms checkpoints)";
                    rows.Add((what, parallelism, bids, written.Duration.TotalSeconds));
                    Console.Error.WriteLine($"{what}, p{parallelism}: {bids / written.Duration.TotalSeconds:N0} records/s");

                    if (guarantee != KafkaDeliveryGuarantee.AtLeastOnce) continue;
                    var read = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
                    var counted = new CountSink();
                    read.FromSource(new KafkaSource<Bid>(new KafkaSourceOptions { BootstrapServers = cluster.BootstrapServers, Topics = [topic], Bounded = true }, format),
                        WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, TimeSpan.FromSeconds(4))).SinkTo(counted);
                    var result = read.Execute("kafka-source");
                    if (counted.Count != bids) throw new InvalidOperationException($"The source read {counted.Count} bids, the sink wrote {bids}.");
                    rows.Add(("source, bounded, per-partition watermarks", parallelism, counted.Count, result.Duration.TotalSeconds));
                    Console.Error.WriteLine($"source, p{parallelism}: {counted.Count / result.Duration.TotalSeconds:N0} records/s");
                }
            }
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        string markdown = Markdown(events, string.Join(' ', args), rows);
        Console.WriteLine(markdown);
        if (markdownPath is not null) MarkdownSections.Write(markdownPath, "kafka", markdown);
        return 0;
    }

    private static long CountBids(long events)
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = events });
        long bids = 0;
        for (long n = 0; n < events; n++)
            if (generator.TypeOf(n) == NexmarkEventType.Bid) bids++;
        return bids;
    }

    private sealed class CountSink : ISink<Bid>
    {
        private long _count;
        public long Count => Interlocked.Read(ref _count);
        public ISinkWriter<Bid> CreateWriter(SinkContext context) => new Writer(this);

        private sealed class Writer(CountSink sink) : ISinkWriter<Bid>
        {
            private long _count;
            public void Write(in Bid value, long timestamp) => _count++;
            public void Finish() => Interlocked.Add(ref sink._count, _count);
            public void Dispose() { }
        }
    }

    private static string Markdown(long events, string args, IReadOnlyList<(string What, int Parallelism, long Records, double Seconds)> rows)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## Kafka connector against librdkafka's mock cluster");
        md.AppendLine();
        md.AppendLine(inv, $"Command: `./build.sh bench -- kafka {args}`. {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores (shared, noisy).");
        md.AppendLine(inv, $"The bids of {events:N0} generated Nexmark events in the generated binary format, into a {Partitions}-partition topic of an");
        md.AppendLine("in-process mock cluster (3 brokers on loopback, librdkafka 2.0.2), then read back by a bounded source. Job time includes");
        md.AppendLine("start-up (connections, metadata, offsets). The mock stands in for the brokers and shares the two cores with the job:");
        md.AppendLine("these figures compare the connector's modes, they do not predict a real cluster.");
        md.AppendLine();
        md.AppendLine("| what | parallelism | records | seconds | records/s |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (what, parallelism, records, seconds) in rows)
            md.AppendLine(inv, $"| {what} | {parallelism} | {records:N0} | {seconds:F2} | {records / seconds:N0} |");
        return md.ToString();
    }
}
