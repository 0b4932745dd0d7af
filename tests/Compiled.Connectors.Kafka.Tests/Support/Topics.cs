using System.Text;
using Compiled.Connectors.Kafka.Native;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>Writes test input into topics and reads topics back, with plain Confluent.Kafka clients.</summary>
public static class Topics
{
    static Topics() => KafkaNativeLibrary.EnsureLoaded();

    /// <summary>Produces <paramref name="values"/> (UTF-8) round-robin over <paramref name="partitions"/> partitions, or all to one partition; returns where each landed.</summary>
    public static List<TopicPartitionOffset> Produce(string bootstrap, string topic, IEnumerable<string> values, int partitions, int? onlyPartition = null, Func<int, long>? timestamp = null) =>
        ProduceBytes(bootstrap, topic, values.Select(Encoding.UTF8.GetBytes), partitions, onlyPartition, timestamp);

    /// <summary>Produces raw values; see <see cref="Produce"/>.</summary>
    public static List<TopicPartitionOffset> ProduceBytes(string bootstrap, string topic, IEnumerable<byte[]> values, int partitions, int? onlyPartition = null, Func<int, long>? timestamp = null)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 2 }).Build();
        var tasks = new List<Task<DeliveryResult<Null, byte[]>>>();
        int i = 0;
        foreach (var value in values)
        {
            var message = new Message<Null, byte[]> { Value = value };
            if (timestamp is not null) message.Timestamp = new Timestamp(timestamp(i), TimestampType.CreateTime);
            tasks.Add(producer.ProduceAsync(new TopicPartition(topic, onlyPartition ?? i % partitions), message));
            i++;
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        return [.. tasks.Select(t => t.GetAwaiter().GetResult().TopicPartitionOffset)];
    }

    /// <summary>Every message now in <paramref name="topic"/> (read_uncommitted: what the mock shows any consumer), with where it is.</summary>
    public static List<(TopicPartitionOffset Position, byte[] Value)> ReadAll(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "test-reader",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadUncommitted,
        }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        int partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
        var ends = Enumerable.Range(0, partitions).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(topic, e.Key, Offset.Beginning)));
        var result = new List<(TopicPartitionOffset, byte[])>();
        long expected = ends.Values.Sum();
        for (int empty = 0; result.Count < expected && empty < 50;) // bounded: 50 empty polls of 100 ms
        {
            var message = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (message is null) { empty++; continue; }
            result.Add((message.TopicPartitionOffset, message.Message.Value));
        }
        Assert.Equal(expected, result.Count);
        return result;
    }

    /// <summary>The messages of <paramref name="topic"/> as UTF-8 text.</summary>
    public static List<string> ReadAllText(string bootstrap, string topic) => [.. ReadAll(bootstrap, topic).Select(m => Encoding.UTF8.GetString(m.Value))];

    /// <summary>The offsets <paramref name="group"/> committed for the partitions of <paramref name="topic"/> (negative: none).</summary>
    public static Dictionary<int, long> Committed(string bootstrap, string topic, int partitions, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>The end offset of each partition of <paramref name="topic"/>.</summary>
    public static Dictionary<int, long> Ends(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "test-ends" }).Build();
        return Enumerable.Range(0, partitions).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }
}
