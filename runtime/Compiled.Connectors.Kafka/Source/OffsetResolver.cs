using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>Turns start modes into concrete offsets, so a checkpoint always records exact positions.</summary>
internal static class OffsetResolver
{
    /// <summary>The offset to start <paramref name="partitions"/> at, per <paramref name="start"/>.</summary>
    public static Dictionary<TopicPartition, long> Start(IConsumer<Ignore, byte[]?> consumer, IReadOnlyList<TopicPartition> partitions, KafkaStartOffsets start, TimeSpan timeout)
    {
        var result = new Dictionary<TopicPartition, long>();
        if (partitions.Count == 0) return result;
        switch (start.Kind)
        {
            case KafkaStartOffsets.StartKind.Earliest:
                foreach (var tp in partitions) result[tp] = consumer.QueryWatermarkOffsets(tp, timeout).Low.Value;
                break;
            case KafkaStartOffsets.StartKind.Latest:
                foreach (var tp in partitions) result[tp] = consumer.QueryWatermarkOffsets(tp, timeout).High.Value;
                break;
            case KafkaStartOffsets.StartKind.Timestamp:
                var found = consumer.OffsetsForTimes([.. partitions.Select(tp => new TopicPartitionTimestamp(tp, new Timestamp(start.Timestamp, TimestampType.CreateTime)))], timeout);
                foreach (var tpo in found)
                    result[tpo.TopicPartition] = tpo.Offset.Value >= 0 ? tpo.Offset.Value : consumer.QueryWatermarkOffsets(tpo.TopicPartition, timeout).High.Value;
                break;
            case KafkaStartOffsets.StartKind.Committed:
                var committed = consumer.Committed(partitions, timeout);
                var without = committed.Where(c => c.Offset.Value < 0).Select(c => c.TopicPartition).ToList();
                foreach (var c in committed.Where(c => c.Offset.Value >= 0)) result[c.TopicPartition] = c.Offset.Value;
                foreach (var (tp, offset) in Start(consumer, without, start.Fallback!, timeout)) result[tp] = offset;
                break;
        }
        return result;
    }

    /// <summary>The current end of each partition: where a bounded source stops.</summary>
    public static Dictionary<TopicPartition, long> End(IConsumer<Ignore, byte[]?> consumer, IEnumerable<TopicPartition> partitions, TimeSpan timeout) =>
        partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, timeout).High.Value);
}
