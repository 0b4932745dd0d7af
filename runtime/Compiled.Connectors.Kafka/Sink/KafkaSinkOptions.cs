namespace Compiled.Connectors.Kafka.Sink;

/// <summary>Settings of a <see cref="KafkaSink{T}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed record KafkaSinkOptions<T>
{
    private static readonly string[] ManagedProperties = ["bootstrap.servers", "transactional.id"];

    /// <summary>Brokers to connect to, e.g. <c>localhost:9092</c> (comma-separated).</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The topic to write (it must exist).</summary>
    public required string Topic { get; init; }

    /// <summary>What survives a failure (default at-least-once).</summary>
    public KafkaDeliveryGuarantee Guarantee { get; init; } = KafkaDeliveryGuarantee.AtLeastOnce;

    /// <summary>
    /// Exactly-once: the start of the transactional ids, unique per job (two jobs with the same prefix fence each
    /// other). Each subtask's id is <c>prefix-sinkName-subtask</c>, the same in every attempt, so a restarted job takes
    /// over (and aborts or commits) what the failed attempt left open.
    /// </summary>
    public string? TransactionalIdPrefix { get; init; }

    /// <summary>The message key of a record (Kafka partitions by it), or null for no key (spread over partitions).</summary>
    public Func<T, byte[]?>? Key { get; init; }

    /// <summary>Timeout of flushes at barriers and of transaction calls.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Other librdkafka producer settings, e.g. <c>linger.ms</c> or <c>transaction.timeout.ms</c> (default here: 15 min).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Told every step of the exactly-once transactions (for monitoring and tests); called on the task thread.</summary>
    public Action<KafkaTransactionEvent>? TransactionListener { get; init; }

    /// <summary>Fails with a message saying what to change when a setting is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            throw new ArgumentException("The Kafka sink needs BootstrapServers, e.g. \"localhost:9092\".", nameof(BootstrapServers));
        if (string.IsNullOrWhiteSpace(Topic)) throw new ArgumentException("The Kafka sink needs the Topic to write.", nameof(Topic));
        if (Guarantee == KafkaDeliveryGuarantee.ExactlyOnce && string.IsNullOrWhiteSpace(TransactionalIdPrefix))
            throw new ArgumentException("An exactly-once Kafka sink needs TransactionalIdPrefix: a name unique to this job, e.g. \"orders-enrichment\".", nameof(TransactionalIdPrefix));
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), $"RequestTimeout must be positive, was {RequestTimeout}.");
        foreach (var key in Properties.Keys.Where(k => ManagedProperties.Contains(k)))
            throw new ArgumentException($"Do not set '{key}' in Properties: the Kafka sink manages it (use BootstrapServers / TransactionalIdPrefix).", nameof(Properties));
    }
}
