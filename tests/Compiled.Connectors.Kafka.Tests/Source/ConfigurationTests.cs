using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Kafka.Tests.Support;

namespace Compiled.Connectors.Kafka.Tests.Source;

/// <summary>Wrong settings fail when the source or sink is created, with a message saying what to change.</summary>
public sealed class ConfigurationTests
{
    private static readonly KafkaSourceOptions Source = new() { BootstrapServers = "127.0.0.1:9", Topics = ["t"] };
    private static readonly KafkaSinkOptions<string> Sink = new() { BootstrapServers = "127.0.0.1:9", Topic = "t" };

    [Theory]
    [InlineData("servers", "needs BootstrapServers")]
    [InlineData("no topics", "at least one topic")]
    [InlineData("twice", "lists a topic twice")]
    [InlineData("committed", "needs GroupId")]
    [InlineData("discovery", "PartitionDiscoveryInterval must be positive")]
    [InlineData("managed", "Do not set 'enable.auto.commit'")]
    public void SourceSettings(string wrong, string message)
    {
        var options = wrong switch
        {
            "servers" => Source with { BootstrapServers = " " },
            "no topics" => Source with { Topics = [] },
            "twice" => Source with { Topics = ["t", "t"] },
            "committed" => Source with { StartFrom = KafkaStartOffsets.Committed() },
            "discovery" => Source with { PartitionDiscoveryInterval = TimeSpan.Zero },
            _ => Source with { Properties = new Dictionary<string, string> { ["enable.auto.commit"] = "true" } },
        };
        var error = Assert.ThrowsAny<ArgumentException>(() => new KafkaSource<string>(options, KafkaFormat.Utf8String));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("topic", "needs the Topic")]
    [InlineData("prefix", "needs TransactionalIdPrefix")]
    [InlineData("managed", "Do not set 'transactional.id'")]
    public void SinkSettings(string wrong, string message)
    {
        var options = wrong switch
        {
            "topic" => Sink with { Topic = "" },
            "prefix" => Sink with { Guarantee = KafkaDeliveryGuarantee.ExactlyOnce },
            _ => Sink with { Properties = new Dictionary<string, string> { ["transactional.id"] = "x" } },
        };
        var error = Assert.ThrowsAny<ArgumentException>(() => new KafkaSink<string>(options, KafkaFormat.Utf8String));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AFormatThatCannotReadIsRejectedBySources()
    {
        var writeOnly = new KafkaFormat<string>("CSV", parse: null, writerPerSubtask: () => static (_, _) => { });
        var error = Assert.Throws<ArgumentException>(() => new KafkaSource<string>(Source, writeOnly));
        Assert.Contains("can only write", error.Message);
    }

    [Fact]
    public void ACommittedStartCannotFallBackToCommittedOffsets() =>
        Assert.Throws<ArgumentException>(() => KafkaStartOffsets.Committed(KafkaStartOffsets.Committed()));
}
