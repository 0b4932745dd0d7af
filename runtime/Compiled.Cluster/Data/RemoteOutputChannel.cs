using System.Buffers.Binary;
using Compiled.Cluster.Wire;
using Compiled.Network;
using Compiled.Serialization;

namespace Compiled.Cluster.Data;

/// <summary>
/// The sending end of a logical channel to another worker. The producer task writes batches into a bounded
/// <see cref="LocalChannel{T}"/> as it would locally; the connection's writer takes them from there, serializes them
/// with the generated serializer and sends one frame per credit the receiver granted. Without credit nothing is sent,
/// the local channel fills and the producer blocks: backpressure of this channel only.
/// </summary>
internal abstract class RemoteOutputChannel(ChannelId id)
{
    /// <summary>Wire value of a barrier that is a savepoint (the in-band event byte of <see cref="ControlKind.Barrier"/> with the high bit).</summary>
    public const byte SavepointBarrier = (byte)ControlKind.Barrier | 0x80;

    private int _credits;

    public ChannelId Id { get; } = id;

    /// <summary>Whether end-of-partition was sent (nothing more will be).</summary>
    public bool Finished { get; protected set; }

    /// <summary>Credits not used yet.</summary>
    public int Credits => Volatile.Read(ref _credits);

    /// <summary>Frames sent (one per credit).</summary>
    public long FramesSent { get; private set; }

    /// <summary>The connection's writer to wake when a batch is ready.</summary>
    public abstract void Listen(IInputAvailabilityListener listener);

    public void AddCredits(int credits) => Interlocked.Add(ref _credits, credits);

    /// <summary>Writes one data frame's payload into <paramref name="payload"/> if there is both a credit and data.</summary>
    public bool TryWriteFrame(PayloadWriter payload, int softLimit)
    {
        if (Finished || Volatile.Read(ref _credits) == 0 || !HasData()) return false;
        payload.Clear();
        Id.Write(payload);
        WriteRecords(payload, softLimit);
        Interlocked.Decrement(ref _credits);
        FramesSent++;
        return true;
    }

    protected abstract bool HasData();

    protected abstract void WriteRecords(PayloadWriter payload, int softLimit);

    /// <summary>Fixed part after the channel id: record count (u32), in-band event (u8) and its value (i64).</summary>
    protected const int EventHeaderSize = 13;

    /// <summary>Savepoint ids of the attempt: their barriers are marked on the wire (null: none are).</summary>
    public SavepointIds? Savepoints { get; init; }

    protected void WriteHeader(Span<byte> header, int count, ControlKind control, long value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, count);
        header[4] = control == ControlKind.Barrier && Savepoints?.Contains(value) == true ? SavepointBarrier : (byte)control;
        BinaryPrimitives.WriteInt64LittleEndian(header[5..], value);
    }
}

/// <inheritdoc />
internal sealed class RemoteOutputChannel<T>(ChannelId id, LocalChannel<T> source, RecordSerializer<T> serializer) : RemoteOutputChannel(id)
{
    private StreamBatch<T>? _current;
    private int _next;

    public override void Listen(IInputAvailabilityListener listener) => source.Listener = listener;

    protected override bool HasData() => _current is not null || source.TryReceive(out _current);

    protected override void WriteRecords(PayloadWriter payload, int softLimit)
    {
        var batch = _current!;
        var header = payload.Reserve(EventHeaderSize);
        int first = _next, i = first;
        // At least one record per frame, then as many as fit under the soft limit: a large batch spans several frames.
        while (i < batch.Count && (i == first || payload.Length < softLimit))
        {
            payload.WriteVarLong(batch.Timestamps[i]);
            serializer.Serialize(batch.Values[i], payload);
            i++;
        }
        bool last = i == batch.Count;
        WriteHeader(payload.At(header, EventHeaderSize), i - first, last ? batch.Control : ControlKind.None, last ? batch.ControlValue : 0);
        if (!last)
        {
            _next = i;
            return;
        }
        if (batch.Control == ControlKind.EndOfPartition) Finished = true;
        _current = null;
        _next = 0;
        source.Recycle(batch); // frees the producer's slot
    }
}
