namespace Compiled.Connectors.Kafka.Source;

/// <summary>Where a Kafka source starts reading the partitions that exist when the job starts (without a checkpoint to restore).</summary>
public sealed record KafkaStartOffsets
{
    private KafkaStartOffsets(StartKind kind, long timestamp, KafkaStartOffsets? fallback)
    {
        Kind = kind;
        Timestamp = timestamp;
        Fallback = fallback;
    }

    /// <summary>The kinds of start position.</summary>
    public enum StartKind
    {
        /// <summary>The first offset still in the partition.</summary>
        Earliest,

        /// <summary>The end of the partition: only messages produced after the start are read.</summary>
        Latest,

        /// <summary>The first message whose timestamp is at or after <see cref="Timestamp"/>.</summary>
        Timestamp,

        /// <summary>The offsets the consumer group committed; <see cref="Fallback"/> where it committed none.</summary>
        Committed,
    }

    /// <summary>The kind of start position.</summary>
    public StartKind Kind { get; }

    /// <summary>For <see cref="StartKind.Timestamp"/>: epoch milliseconds.</summary>
    public long Timestamp { get; }

    /// <summary>For <see cref="StartKind.Committed"/>: where to start partitions without a committed offset.</summary>
    public KafkaStartOffsets? Fallback { get; }

    /// <summary>From the first offset still in each partition.</summary>
    public static KafkaStartOffsets Earliest { get; } = new(StartKind.Earliest, 0, null);

    /// <summary>From the end of each partition.</summary>
    public static KafkaStartOffsets Latest { get; } = new(StartKind.Latest, 0, null);

    /// <summary>From the first message at or after <paramref name="epochMillis"/>; partitions without one start at their end.</summary>
    public static KafkaStartOffsets FromTimestamp(long epochMillis) => new(StartKind.Timestamp, epochMillis, null);

    /// <summary>From the first message at or after <paramref name="time"/>.</summary>
    public static KafkaStartOffsets FromTimestamp(DateTimeOffset time) => FromTimestamp(time.ToUnixTimeMilliseconds());

    /// <summary>From the consumer group's committed offsets (needs a group id), else from <paramref name="fallback"/> (default earliest).</summary>
    public static KafkaStartOffsets Committed(KafkaStartOffsets? fallback = null)
    {
        if (fallback?.Kind == StartKind.Committed) throw new ArgumentException("The fallback of committed offsets must be earliest, latest or a timestamp.", nameof(fallback));
        return new(StartKind.Committed, 0, fallback ?? Earliest);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StartKind.Timestamp => $"timestamp {Timestamp}",
        StartKind.Committed => $"committed (else {Fallback})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
