using Compiled.Connectors.Kafka.Testing;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>
/// One librdkafka mock cluster (3 brokers on loopback ports) shared by every Kafka test; each test uses topics of its
/// own. The tests run one after another (one collection), so jobs never compete for the two cores with each other.
/// </summary>
public sealed class MockClusterFixture : IDisposable
{
    private int _topics;

    /// <summary>The cluster.</summary>
    public KafkaMockCluster Cluster { get; } = new(brokers: 3);

    /// <summary>Its bootstrap servers.</summary>
    public string Bootstrap => Cluster.BootstrapServers;

    /// <summary>Creates a topic with a fresh name starting with <paramref name="name"/>.</summary>
    public string CreateTopic(string name, int partitions)
    {
        string topic = $"{name}-{Interlocked.Increment(ref _topics)}";
        Cluster.CreateTopic(topic, partitions);
        return topic;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kafka.Sink.ParkedProducers.CloseAll();
        Cluster.Dispose();
    }
}

/// <summary>The tests that use the mock cluster.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<MockClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "kafka mock cluster";
}
