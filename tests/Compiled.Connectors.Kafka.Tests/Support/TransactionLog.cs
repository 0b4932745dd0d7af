using System.Collections.Concurrent;
using Compiled.Connectors.Kafka.Sink;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>
/// Records an exactly-once sink's transaction steps. The mock cluster writes no commit or abort markers, so every
/// consumer sees aborted records too; the log says which records were committed, i.e. what a read_committed consumer
/// of a real broker would see.
/// </summary>
public sealed class TransactionLog
{
    private readonly ConcurrentQueue<KafkaTransactionEvent> _events = new();

    /// <summary>The listener to give the sink.</summary>
    public void Record(KafkaTransactionEvent e) => _events.Enqueue(e);

    /// <summary>Every step, in order per transactional id.</summary>
    public IReadOnlyList<KafkaTransactionEvent> Events => [.. _events];

    /// <summary>The steps of one transactional id as compact text, e.g. "init begin pre:1 commit:1".</summary>
    public string Steps(string transactionalId) => string.Join(' ', Events.Where(e => e.TransactionalId == transactionalId).Select(e => e.Action switch
    {
        KafkaTransactionAction.Initialized => "init",
        KafkaTransactionAction.Began => "begin",
        KafkaTransactionAction.PreCommitted => $"pre:{e.CheckpointId}",
        KafkaTransactionAction.Committed => $"commit:{e.CheckpointId?.ToString() ?? "end"}",
        KafkaTransactionAction.Unrecoverable => $"lost:{e.CheckpointId}",
        _ => $"abort:{e.CheckpointId?.ToString() ?? "-"}",
    }));

    /// <summary>Where committed records landed.</summary>
    public HashSet<TopicPartitionOffset> Committed => [.. Events.Where(e => e.Action == KafkaTransactionAction.Committed).SelectMany(e => e.Records)];

    /// <summary>Where aborted records landed.</summary>
    public HashSet<TopicPartitionOffset> Aborted => [.. Events.Where(e => e.Action == KafkaTransactionAction.Aborted).SelectMany(e => e.Records)];
}
