using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>
/// Turns start modes into concrete offsets, so a checkpoint always records exact positions. Look-ups are batched
/// (one ListOffsets request per broker for all partitions): per-partition queries cost a round trip each.
/// </summary>
internal static class OffsetResolver
{
    /// <summary>Kafka's ListOffsets "timestamps" that ask for the earliest and the latest offset.</summary>
    private const long EarliestQuery = -2, LatestQuery = -1;

    /// <summary>The offset to start <paramref name="partitions"/> at, per <paramref name="start"/>.</summary>
    public static Dictionary<TopicPartition, long> Start(IConsumer<Ignore, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions, KafkaStartOffsets start, TimeSpan timeout)
    {
        if (partitions.Count == 0) return [];
        switch (start.Kind)
        {
            case KafkaStartOffsets.StartKind.Earliest:
                return Lookup(consumer, partitions, EarliestQuery, timeout);
            case KafkaStartOffsets.StartKind.Latest:
                return End(consumer, partitions, timeout);
            case KafkaStartOffsets.StartKind.Timestamp:
                var found = Lookup(consumer, partitions, start.Timestamp, timeout);
                // No message at or after the timestamp: start at the end.
                var after = found.Where(f => f.Value < 0).Select(f => f.Key).ToList();
                foreach (var (tp, offset) in End(consumer, after, timeout)) found[tp] = offset;
                return found;
            default:
                var committed = consumer.Committed(partitions, timeout);
                var result = committed.Where(c => c.Offset.Value >= 0).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
                var without = committed.Where(c => c.Offset.Value < 0).Select(c => c.TopicPartition).ToList();
                foreach (var (tp, offset) in Start(consumer, without, start.Fallback!, timeout)) result[tp] = offset;
                return result;
        }
    }

    /// <summary>The current end of each partition: where a bounded source stops.</summary>
    public static Dictionary<TopicPartition, long> End(IConsumer<Ignore, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions, TimeSpan timeout) =>
        partitions.Count == 0 ? [] : Lookup(consumer, partitions, LatestQuery, timeout);

    private static Dictionary<TopicPartition, long> Lookup(IConsumer<Ignore, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions, long timestamp, TimeSpan timeout) =>
        consumer.OffsetsForTimes([.. partitions.Select(tp => new TopicPartitionTimestamp(tp, new Timestamp(timestamp, TimestampType.CreateTime)))], timeout)
            .ToDictionary(r => r.TopicPartition, r => r.Offset.Value);
}
