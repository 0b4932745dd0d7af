namespace Compiled.Connectors.Kafka.Sink;

/// <summary>What a Kafka sink guarantees when the job fails and restores from a checkpoint.</summary>
public enum KafkaDeliveryGuarantee
{
    /// <summary>Nothing is waited for at checkpoints: records in flight when the job fails may be lost.</summary>
    None,

    /// <summary>Every record is acknowledged by the brokers before a checkpoint completes: nothing is lost, a restore may repeat records.</summary>
    AtLeastOnce,

    /// <summary>
    /// Records are written in a Kafka transaction per checkpoint, committed when the checkpoint completes: consumers
    /// with <c>isolation.level=read_committed</c> see each record once. Needs <see cref="KafkaSinkOptions{T}.TransactionalIdPrefix"/>.
    /// Without checkpointing everything is one transaction, committed when a bounded input ends (never, unbounded).
    /// </summary>
    ExactlyOnce,
}
