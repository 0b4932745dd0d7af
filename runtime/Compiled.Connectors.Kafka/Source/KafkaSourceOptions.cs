namespace Compiled.Connectors.Kafka.Source;

/// <summary>Settings of a <see cref="KafkaSource{T}"/>.</summary>
public sealed record KafkaSourceOptions
{
    /// <summary>Consumer settings the source manages itself; setting them in <see cref="Properties"/> is an error.</summary>
    internal static readonly string[] ManagedProperties = ["bootstrap.servers", "group.id", "enable.auto.commit", "enable.auto.offset.store", "enable.partition.eof"];

    /// <summary>Brokers to connect to, e.g. <c>localhost:9092</c> (comma-separated).</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Topics to read; every partition of each is a split.</summary>
    public required IReadOnlyList<string> Topics { get; init; }

    /// <summary>
    /// Consumer group: the offsets of every completed checkpoint are committed to it (for monitoring lag; the source
    /// restores from its checkpoints, not from these), and <see cref="KafkaStartOffsets.Committed"/> starts from them.
    /// Null: nothing is committed.
    /// </summary>
    public string? GroupId { get; init; }

    /// <summary>Where to start without a checkpoint (default: earliest).</summary>
    public KafkaStartOffsets StartFrom { get; init; } = KafkaStartOffsets.Earliest;

    /// <summary>
    /// Stop at the offsets that were the partitions' ends when the job started (Flink's <c>setBounded</c>), so the
    /// job finishes and its windows fire; partitions are then fixed at start. Default: read forever.
    /// </summary>
    public bool Bounded { get; init; }

    /// <summary>How often an unbounded source looks for new partitions (of its topics); null never. Default 30 s.</summary>
    public TimeSpan? PartitionDiscoveryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages emitted per poll (between two checkpoint or timer actions of the task).</summary>
    public int MaxRecordsPerPoll { get; init; } = 512;

    /// <summary>Timeout of metadata and offset queries at start and discovery.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Other librdkafka consumer settings, e.g. <c>isolation.level</c> (librdkafka's default is read_committed).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Test seam: partitions for which this returns false are left out of metadata answers, so a test can let them
    /// appear while a job runs (librdkafka's mock cluster cannot add partitions to a topic).
    /// </summary>
    internal Func<Confluent.Kafka.TopicPartition, bool>? PartitionVisibility { get; init; }

    /// <summary>Fails with a message saying what to change when a setting is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            throw new ArgumentException("The Kafka source needs BootstrapServers, e.g. \"localhost:9092\".", nameof(BootstrapServers));
        if (Topics is null || Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("The Kafka source needs at least one topic name in Topics, and no empty names.", nameof(Topics));
        if (Topics.Distinct(StringComparer.Ordinal).Count() != Topics.Count)
            throw new ArgumentException($"Topics lists a topic twice ({string.Join(", ", Topics)}); list each once.", nameof(Topics));
        ArgumentNullException.ThrowIfNull(StartFrom, nameof(StartFrom));
        if (StartFrom.Kind == KafkaStartOffsets.StartKind.Committed && string.IsNullOrWhiteSpace(GroupId))
            throw new ArgumentException("Starting from committed offsets needs GroupId: the consumer group whose offsets to use.", nameof(GroupId));
        if (PartitionDiscoveryInterval is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(PartitionDiscoveryInterval), $"PartitionDiscoveryInterval must be positive or null (no discovery), was {interval}.");
        if (MaxRecordsPerPoll < 1) throw new ArgumentOutOfRangeException(nameof(MaxRecordsPerPoll), $"MaxRecordsPerPoll must be positive, was {MaxRecordsPerPoll}.");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), $"RequestTimeout must be positive, was {RequestTimeout}.");
        foreach (var key in Properties.Keys.Where(k => ManagedProperties.Contains(k)))
            throw new ArgumentException($"Do not set '{key}' in Properties: the Kafka source manages it (use BootstrapServers / GroupId; offsets are committed at checkpoints).", nameof(Properties));
    }
}
