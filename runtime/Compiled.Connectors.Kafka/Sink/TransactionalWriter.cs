using Compiled.Connectors.Kafka.Formats;
using Compiled.State.Snapshots;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// Exactly-once writer: one transactional producer per subtask with the stable id <c>prefix-sink-subtask</c>.
/// Records go into the open transaction; at a barrier it is flushed (pre-commit) and records that follow wait in
/// memory until the checkpoint completes, when the transaction commits and a new one takes them. On restore the
/// restored checkpoint's transaction is committed when this process still holds it (an in-process restart), and
/// anything else is aborted — by the held producer, or by <c>InitTransactions</c>, which fences the failed attempt.
/// </summary>
internal sealed class TransactionalWriter<T> : KafkaWriter<T>, ITwoPhaseCommitWriter
{
    private const int StateVersion = 1;
    private readonly string _id;
    private readonly List<Pending> _afterBarrier = [];
    private TransactionalProducer? _producer;
    private bool _finished;

    public TransactionalWriter(KafkaSinkOptions<T> options, KafkaFormat<T> format, SinkContext context) : base(options, format, context) =>
        _id = TransactionalId(context.SubtaskIndex);

    private string TransactionalId(int subtask) => $"{Options.TransactionalIdPrefix}-{Context.SinkName}-{subtask}";

    /// <summary>The producer; on a fresh start one left by an earlier attempt is aborted (nothing of it was checkpointed).</summary>
    private TransactionalProducer Producer => _producer ??= Open(_id);

    private TransactionalProducer Open(string id)
    {
        if (ParkedProducers.Take(id) is { } parked)
        {
            parked.Abort();
            return parked;
        }
        var producer = new TransactionalProducer(CreateSession(id), Options.TransactionListener, Options.RequestTimeout);
        try
        {
            producer.Initialize();
        }
        catch
        {
            producer.Dispose();
            throw;
        }
        return producer;
    }

    public override void Write(in T value, long timestamp)
    {
        var message = Encode(value, timestamp);
        if (Producer.PreCommitted is not null) _afterBarrier.Add(message);
        else Producer.Produce(message.Key, message.Value, message.Timestamp);
    }

    public byte[] PreCommit(long checkpointId)
    {
        var producer = Producer;
        // After a checkpoint that never completed, the open transaction also takes what followed its barrier.
        ProduceAfterBarrier(producer);
        producer.PreCommit(checkpointId);
        var state = new SnapshotWriter();
        state.WriteVarLong(StateVersion);
        state.WriteString(_id);
        state.WriteVarLong(producer.PreCommitted ?? -1);
        return state.Written.ToArray();
    }

    private void ProduceAfterBarrier(TransactionalProducer producer)
    {
        foreach (var message in _afterBarrier) producer.Produce(message.Key, message.Value, message.Timestamp);
        _afterBarrier.Clear();
    }

    public void Commit(long checkpointId)
    {
        if (_producer is not { PreCommitted: { } preCommitted } producer || preCommitted > checkpointId) return;
        producer.Commit();
        ProduceAfterBarrier(producer);
    }

    public void Recover(ReadOnlySpan<byte> state) => _producer = Recover(Decode(state));

    public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates)
    {
        // Each previous writer's transaction is settled by exactly one new writer: previous index modulo the new parallelism.
        foreach (var (previous, bytes) in previousStates.Where(p => p.Key % parallelism == subtask))
        {
            var producer = Recover(Decode(bytes));
            if (previous == subtask) _producer = producer;
            else producer.Dispose();
        }
    }

    /// <summary>Commits the restored checkpoint's transaction if this process holds it, and aborts anything else of the id.</summary>
    private TransactionalProducer Recover((string Id, long? Pending) state)
    {
        if (ParkedProducers.Take(state.Id) is { } parked)
        {
            if (state.Pending is { } pending && parked.PreCommitted == pending) parked.Commit();
            else parked.Abort();
            return parked;
        }
        var producer = Open(state.Id);
        if (state.Pending is { } lost)
        {
            producer.ReportUnrecoverable(lost);
            Console.Error.WriteLine(
                $"warning: Kafka transaction '{state.Id}' of checkpoint {lost} was pre-committed by a process that is gone; librdkafka cannot " +
                "commit another producer's transaction, so unless it was committed before the failure its records are lost.");
        }
        return producer;
    }

    private static (string Id, long? Pending) Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SnapshotReader(bytes);
        long version = reader.ReadVarLong();
        if (version != StateVersion) throw new InvalidDataException($"Kafka sink state of version {version} cannot be read (this version reads {StateVersion}).");
        string id = reader.ReadString() ?? throw new InvalidDataException("Kafka sink state without transactional id.");
        long pending = reader.ReadVarLong();
        return (id, pending < 0 ? null : pending);
    }

    public override void Finish()
    {
        var producer = Producer;
        ProduceAfterBarrier(producer);
        producer.Commit();
        _finished = true;
    }

    /// <summary>After a failure the producer is parked for a restart in this process, which may still have to commit its transaction.</summary>
    public override void Dispose()
    {
        if (_producer is null) return;
        if (_finished) _producer.Dispose();
        else ParkedProducers.Park(_producer);
        _producer = null;
    }
}
