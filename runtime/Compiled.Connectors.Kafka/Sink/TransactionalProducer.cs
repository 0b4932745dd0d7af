using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// A producer with a stable transactional id and at most one open transaction, which holds everything written since
/// the last commit up to the last barrier (<see cref="PreCommitted"/>). Reports every step to the listener.
/// </summary>
internal sealed class TransactionalProducer(ProducerSession session, Action<KafkaTransactionEvent>? listener, TimeSpan timeout) : IDisposable
{
    public string Id { get; } = session.TransactionalId!;

    /// <summary>The checkpoint whose records the open transaction holds (flushed, not committed), or null.</summary>
    public long? PreCommitted { get; private set; }

    /// <summary>Whether a transaction is open.</summary>
    public bool InTransaction { get; private set; }

    /// <summary>Registers the id with the transaction coordinator: fences older producers with it and aborts their open transaction.</summary>
    public void Initialize()
    {
        session.Producer.InitTransactions(timeout);
        Report(KafkaTransactionAction.Initialized, null, []);
    }

    public void Produce(byte[]? key, byte[] value, long timestamp)
    {
        if (!InTransaction) Begin();
        session.Produce(key, value, timestamp);
    }

    private void Begin()
    {
        session.Producer.BeginTransaction();
        InTransaction = true;
        Report(KafkaTransactionAction.Began, null, []);
    }

    /// <summary>At a barrier: waits until the brokers have every record of the open transaction; it now covers <paramref name="checkpointId"/>.</summary>
    public void PreCommit(long checkpointId)
    {
        if (!InTransaction) return; // nothing written since the last commit
        session.Flush();
        PreCommitted = checkpointId;
        Report(KafkaTransactionAction.PreCommitted, checkpointId, session.PeekDelivered());
    }

    /// <summary>Commits the open transaction (its checkpoint completed, or the input ended).</summary>
    public void Commit()
    {
        if (!InTransaction) return;
        session.Flush();
        session.Producer.CommitTransaction(timeout);
        End(KafkaTransactionAction.Committed);
    }

    /// <summary>Aborts the open transaction: its records are beyond the checkpoint the job continues from.</summary>
    public void Abort()
    {
        if (!InTransaction) return;
        session.Producer.AbortTransaction(timeout);
        session.ResetFailures(); // messages the abort discarded report failures
        End(KafkaTransactionAction.Aborted);
    }

    private void End(KafkaTransactionAction action)
    {
        InTransaction = false;
        long? checkpoint = PreCommitted;
        PreCommitted = null;
        Report(action, checkpoint, session.TakeDelivered());
    }

    /// <summary>
    /// Reports that the transaction of <paramref name="checkpointId"/>, pre-committed by a producer of this id in a
    /// process that is gone, cannot be committed: librdkafka cannot resume another producer instance's transaction.
    /// </summary>
    public void ReportUnrecoverable(long checkpointId) => Report(KafkaTransactionAction.Unrecoverable, checkpointId, []);

    private void Report(KafkaTransactionAction action, long? checkpointId, IReadOnlyList<TopicPartitionOffset> records) =>
        listener?.Invoke(new KafkaTransactionEvent(Id, action, checkpointId, records));

    public void Dispose() => session.Dispose();
}
