using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>A step of an exactly-once Kafka sink's transactions.</summary>
public enum KafkaTransactionAction
{
    /// <summary>A producer registered its transactional id (<c>InitTransactions</c>): earlier producers with the id are fenced and their open transaction aborted.</summary>
    Initialized,

    /// <summary>A transaction began.</summary>
    Began,

    /// <summary>
    /// At a checkpoint barrier: everything written so far is acknowledged by the brokers, still uncommitted; the event's
    /// records are the transaction's records so far.
    /// </summary>
    PreCommitted,

    /// <summary>The transaction was committed: its checkpoint completed (or the bounded input ended).</summary>
    Committed,

    /// <summary>The transaction was aborted: a restore discarded what it held beyond the restored checkpoint.</summary>
    Aborted,

    /// <summary>
    /// On restore from a checkpoint whose transaction a process that is gone had pre-committed: librdkafka cannot commit
    /// another producer instance's transaction, so unless that process committed it before it died, the transaction
    /// is aborted when the id is registered again and its records never reach read_committed consumers.
    /// </summary>
    Unrecoverable,
}

/// <summary>One step of a transactional producer, reported to <see cref="KafkaSinkOptions{T}.TransactionListener"/>.</summary>
/// <param name="TransactionalId">The producer's transactional id.</param>
/// <param name="Action">What happened.</param>
/// <param name="CheckpointId">The checkpoint the step belongs to, or null (start, end of input, discarded work).</param>
/// <param name="Records">For <see cref="KafkaTransactionAction.Committed"/> and <see cref="KafkaTransactionAction.Aborted"/>:
/// where the transaction's records were written (what a read_committed consumer sees, or must not see); for
/// <see cref="KafkaTransactionAction.PreCommitted"/>, its records so far.</param>
public sealed record KafkaTransactionEvent(string TransactionalId, KafkaTransactionAction Action, long? CheckpointId, IReadOnlyList<TopicPartitionOffset> Records);
