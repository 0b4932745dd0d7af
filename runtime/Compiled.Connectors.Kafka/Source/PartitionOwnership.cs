using System.Text;
using Compiled.Serialization;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>
/// Which subtask reads a partition: <c>(hash(topic) + partition) mod parallelism</c>. Every reader computes it on its
/// own (no coordinator), the same in every process and after a restore (murmur3, not <c>string.GetHashCode</c>); the
/// partitions of one topic go round-robin from a topic-dependent start, so several topics spread evenly too.
/// </summary>
internal static class PartitionOwnership
{
    public static int Owner(string topic, int partition, int parallelism)
    {
        uint start = Murmur3.Hash(Encoding.UTF8.GetBytes(topic)) & 0x7FFFFFFF;
        return (int)((start + (uint)partition) % (uint)parallelism);
    }
}
