using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Serialization;

namespace Compiled.Connectors.Kafka.Tests.Source;

/// <summary>Every format written by the sink and read back by the source; malformed messages of each are dead letters.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaFormatTests(MockClusterFixture kafka)
{
    /// <summary>Writes <paramref name="values"/> with <paramref name="format"/>, then reads the topic back: (records, dead letters).</summary>
    private (List<T> Read, List<DeadLetter> Dead) RoundTrip<T>(IReadOnlyList<T> values, KafkaFormat<T> format, params byte[][] garbage)
    {
        string topic = kafka.CreateTopic("format", partitions: 2);
        var write = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        write.FromCollection(values).SinkTo(new KafkaSink<T>(new KafkaSinkOptions<T> { BootstrapServers = kafka.Bootstrap, Topic = topic }, format));
        write.Execute();
        if (garbage.Length > 0) Topics.ProduceBytes(kafka.Bootstrap, topic, garbage, partitions: 2);

        var read = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        var records = read.FromSource(new KafkaSource<T>(new KafkaSourceOptions { BootstrapServers = kafka.Bootstrap, Topics = [topic], Bounded = true }, format),
            WatermarkStrategy.NoWatermarks<T>());
        var sink = new CollectSink<T>();
        var dead = new CollectSink<DeadLetter>();
        records.SinkTo(sink);
        records.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        read.Execute();
        return ([.. sink.Results], [.. dead.Results]);
    }

    [Fact]
    public void TheGeneratedBinaryFormatRoundTripsAndRejectsForeignBytes()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig());
        var bids = Enumerable.Range(0, 1000).Where(n => generator.TypeOf(n) == NexmarkEventType.Bid).Select(n => generator.GenerateBid(n)).ToList();
        var (read, dead) = RoundTrip(bids, KafkaFormat.Binary<Bid>(RecordSerializers.Get<Bid>()), [0xFF, 0xFF, 0xFF], "plain text"u8.ToArray());

        Assert.Equal(bids.OrderBy(b => b.DateTime).ThenBy(b => b.Price), read.OrderBy(b => b.DateTime).ThenBy(b => b.Price));
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.StartsWith("malformed binary message: ", d.Reason));
    }

    [Fact]
    public void JsonThroughASourceGeneratedContextRoundTrips()
    {
        var readings = Enumerable.Range(0, 300).Select(Reading.Number).ToList();
        var (read, dead) = RoundTrip(readings, KafkaFormat.Json(TestJson.Default.Reading), "{\"Sensor\":"u8.ToArray());

        Assert.Equal(readings.OrderBy(r => r.Time), read.OrderBy(r => r.Time));
        Assert.Equal("{\"Sensor\":", Assert.Single(dead).Content);
    }

    [Fact]
    public void TextRoundTripsAndInvalidUtf8IsADeadLetter()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"line {i} ünïcödé").ToList();
        var (read, dead) = RoundTrip(lines, KafkaFormat.Utf8String, [0xC3, 0x28]);

        Assert.Equal(lines.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        Assert.StartsWith("malformed UTF-8 text message: invalid UTF-8", Assert.Single(dead).Reason);
    }

    [Fact]
    public void RawBytesRoundTripAsTheyAre()
    {
        var blobs = Enumerable.Range(0, 300).Select(i => BitConverter.GetBytes((long)i * 7919)).ToList();
        var (read, dead) = RoundTrip(blobs, KafkaFormat.Bytes);

        Assert.Equal(blobs.Select(b => BitConverter.ToInt64(b)).Order(), read.Select(b => BitConverter.ToInt64(b)).Order());
        Assert.Empty(dead);
    }
}
