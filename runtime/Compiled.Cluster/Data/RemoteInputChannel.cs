using System.Buffers.Binary;
using Compiled.Cluster.Wire;
using Compiled.Network;
using Compiled.Serialization;

namespace Compiled.Cluster.Data;

/// <summary>
/// The receiving end of a logical channel from another worker. It grants the sender one credit per free batch slot of
/// the consumer's bounded <see cref="LocalChannel{T}"/> (all of them at the start, one more each time the consumer
/// recycles a batch), so a received frame always has a slot: the connection's reader never blocks on one slow channel.
/// </summary>
internal abstract class RemoteInputChannel
{
    private int _pendingCredits;
    private int _outstanding;

    protected RemoteInputChannel(ChannelId id, int initialCredits)
    {
        Id = id;
        _pendingCredits = initialCredits;
    }

    public ChannelId Id { get; }

    /// <summary>Whether end-of-partition arrived.</summary>
    public bool Ended { get; protected set; }

    /// <summary>Savepoint ids of the attempt, learned from marked barriers (null: marks are ignored).</summary>
    public SavepointIds? Savepoints { get; init; }

    /// <summary>Set by the connection: called when credits are ready to be granted.</summary>
    public Action? CreditsAvailable { get; set; }

    protected void OnSlotFreed()
    {
        Interlocked.Increment(ref _pendingCredits);
        CreditsAvailable?.Invoke();
    }

    /// <summary>Takes the credits to grant now and counts them as outstanding.</summary>
    public int TakeCredits()
    {
        if (Ended) return 0;
        int credits = Interlocked.Exchange(ref _pendingCredits, 0);
        Interlocked.Add(ref _outstanding, credits);
        return credits;
    }

    /// <summary>Delivers one data frame (after the channel id).</summary>
    /// <exception cref="ProtocolException">The sender sent without credit or the frame is malformed.</exception>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        if (Interlocked.Decrement(ref _outstanding) < 0) throw new ProtocolException($"Data on {Id} without credit: the sender broke flow control.");
        if (Ended) throw new ProtocolException($"Data on {Id} after its end of partition.");
        if (frame.Length < 13) throw new ProtocolException($"Malformed data frame on {Id}.");
        int count = BinaryPrimitives.ReadInt32LittleEndian(frame);
        var control = (ControlKind)frame[4];
        long value = BinaryPrimitives.ReadInt64LittleEndian(frame[5..]);
        if (frame[4] == RemoteOutputChannel.SavepointBarrier)
        {
            Savepoints?.Add(value); // before the barrier reaches the consumer
            control = ControlKind.Barrier;
        }
        if (control > ControlKind.Barrier) throw new ProtocolException($"Unknown in-band event {(byte)control} on {Id}.");
        Deliver(frame[13..], count, control, value);
        if (control == ControlKind.EndOfPartition) Ended = true;
    }

    protected abstract void Deliver(ReadOnlySpan<byte> records, int count, ControlKind control, long value);
}

/// <inheritdoc />
internal sealed class RemoteInputChannel<T> : RemoteInputChannel
{
    private readonly LocalChannel<T> _target;
    private readonly RecordSerializer<T> _serializer;
    private readonly Utf8StringCache _strings = new();

    public RemoteInputChannel(ChannelId id, LocalChannel<T> target, RecordSerializer<T> serializer) : base(id, target.Capacity)
    {
        _target = target;
        _serializer = serializer;
        target.Recycled = OnSlotFreed;
    }

    protected override void Deliver(ReadOnlySpan<byte> records, int count, ControlKind control, long value)
    {
        var batch = _target.RentBatch();
        if ((uint)count > (uint)batch.Values.Length)
            throw new ProtocolException($"A frame on {Id} holds {count} records, more than a batch ({batch.Values.Length}): both sides must use the same batch size.");
        try
        {
            int position = 0;
            for (int i = 0; i < count; i++)
            {
                var reader = new PayloadReader(records[position..]);
                long timestamp = reader.ReadVarLong();
                position = records.Length - reader.Remaining.Length;
                batch.Values[i] = _serializer.Deserialize(records[position..], out int consumed, _strings);
                batch.Timestamps[i] = timestamp;
                position += consumed;
            }
            if (position != records.Length) throw new ProtocolException($"A frame on {Id} has {records.Length - position} bytes after its records.");
        }
        catch (RecordFormatException ex)
        {
            throw new ProtocolException($"A record on {Id} does not decode: {ex.Message}");
        }
        batch.Count = count;
        batch.Control = control;
        batch.ControlValue = value;
        _target.Send(batch, CancellationToken.None); // never waits: the sender had a credit, so a slot is free
    }
}
