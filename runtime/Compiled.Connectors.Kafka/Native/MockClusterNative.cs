using System.Runtime.InteropServices;

namespace Compiled.Connectors.Kafka.Native;

/// <summary>librdkafka's C API for its built-in mock cluster (rdkafka_mock.h), which Confluent.Kafka does not wrap.</summary>
internal static partial class MockClusterNative
{
    /// <summary><c>RD_KAFKA_PRODUCER</c>: the handle type that owns the mock cluster.</summary>
    internal const int ProducerType = 0;

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    /// <summary>Takes ownership of <paramref name="conf"/> on success.</summary>
    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_new")]
    internal static partial nint New(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void Destroy(nint handle);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint ClusterNew(nint handle, int brokerCount);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint ClusterBootstraps(nint cluster);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void ClusterDestroy(nint cluster);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TopicCreate(nint cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(KafkaNativeLibrary.ImportName, EntryPoint = "rd_kafka_err2str")]
    internal static partial nint ErrorText(int error);
}
