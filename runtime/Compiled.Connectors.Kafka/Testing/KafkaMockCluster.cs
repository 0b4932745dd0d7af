using System.Runtime.InteropServices;
using System.Text;
using Compiled.Connectors.Kafka.Native;

namespace Compiled.Connectors.Kafka.Testing;

/// <summary>
/// librdkafka's built-in mock cluster: in-process brokers that speak the Kafka protocol on loopback ports, for tests
/// and local trials without a Kafka installation. Any Kafka client can connect to <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// Limits of the mock (librdkafka 2.0): each partition keeps only about 5 MiB (older messages are dropped); topics are
/// created with <see cref="CreateTopic"/>, not through the admin API; timestamp lookups (<c>OffsetsForTimes</c>) answer
/// "end of partition"; and transactions are accepted but no commit or abort markers are written, so read_committed
/// consumers see the records of aborted transactions too, and immediately, before the commit.
/// </remarks>
public sealed class KafkaMockCluster : IDisposable
{
    private nint _handle;
    private nint _cluster;

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers on loopback ports.</summary>
    public KafkaMockCluster(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        KafkaNativeLibrary.EnsureLoaded();
        var error = new byte[512];
        nint conf = MockClusterNative.ConfNew();
        // The owning handle has no brokers of its own; keep its "no bootstrap.servers" warning out of the logs.
        MockClusterNative.ConfSet(conf, "log_level", "3", error, (nuint)error.Length);
        _handle = MockClusterNative.New(MockClusterNative.ProducerType, conf, error, (nuint)error.Length);
        if (_handle == 0)
        {
            MockClusterNative.ConfDestroy(conf);
            throw new InvalidOperationException("librdkafka could not create the mock cluster's client handle: " + Text(error));
        }
        _cluster = MockClusterNative.ClusterNew(_handle, brokers);
        if (_cluster == 0)
        {
            MockClusterNative.Destroy(_handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster (no loopback port available?).");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.ClusterBootstraps(_cluster))!;
    }

    /// <summary>The brokers' addresses, e.g. <c>127.0.0.1:40123</c>, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ObjectDisposedException.ThrowIf(_cluster == 0, this);
        int error = MockClusterNative.TopicCreate(_cluster, topic, partitions, replicationFactor);
        if (error != 0)
            throw new InvalidOperationException($"The mock cluster could not create topic '{topic}': {Marshal.PtrToStringUTF8(MockClusterNative.ErrorText(error))}.");
    }

    private static string Text(byte[] error) => Encoding.UTF8.GetString(error, 0, Math.Max(0, Array.IndexOf(error, (byte)0)));

    /// <summary>Stops the brokers; clients still connected see their connections fail.</summary>
    public void Dispose()
    {
        if (_cluster != 0) MockClusterNative.ClusterDestroy(_cluster);
        if (_handle != 0) MockClusterNative.Destroy(_handle);
        _cluster = 0;
        _handle = 0;
    }
}
