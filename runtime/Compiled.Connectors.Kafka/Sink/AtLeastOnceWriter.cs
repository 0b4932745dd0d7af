using Compiled.Connectors.Kafka.Formats;
namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// Produces asynchronously; at a checkpoint barrier (at-least-once) waits until the brokers acknowledged everything,
/// so a completed checkpoint never covers an unwritten record. A restore may write records again.
/// </summary>
internal sealed class AtLeastOnceWriter<T> : KafkaWriter<T>, ITwoPhaseCommitWriter
{
    private readonly ProducerSession _session;
    private readonly bool _flushAtBarrier;

    public AtLeastOnceWriter(KafkaSinkOptions<T> options, KafkaFormat<T> format, SinkContext context) : base(options, format, context)
    {
        _session = CreateSession(transactionalId: null);
        _flushAtBarrier = options.Guarantee == KafkaDeliveryGuarantee.AtLeastOnce;
    }

    public override void Write(in T value, long timestamp)
    {
        var message = Encode(value, timestamp);
        _session.Produce(message.Key, message.Value, message.Timestamp);
    }

    public byte[] PreCommit(long checkpointId)
    {
        if (_flushAtBarrier) _session.Flush();
        else _session.ThrowIfFailed();
        return [];
    }

    public void Commit(long checkpointId) { }

    public void Recover(ReadOnlySpan<byte> state) { }

    public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates) { }

    public override void Finish() => _session.Flush();

    public override void Dispose() => _session.Dispose();
}
