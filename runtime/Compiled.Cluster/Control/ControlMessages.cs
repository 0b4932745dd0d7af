using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Control;

/// <summary>
/// A worker offers its slots; <paramref name="DataHost"/>:<paramref name="DataPort"/> is where peers open data
/// connections; it stops its subtasks after <paramref name="HeartbeatTimeoutMillis"/> without hearing the coordinator.
/// </summary>
internal sealed record RegisterWorker(int Slots, string DataHost, int DataPort, long HeartbeatTimeoutMillis)
{
    public void Write(PayloadWriter w) => w.WriteVarULong((uint)Slots).WriteString(DataHost).WriteVarULong((uint)DataPort).WriteVarLong(HeartbeatTimeoutMillis);

    public static RegisterWorker Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new RegisterWorker(r.ReadCount(), r.ReadString(), r.ReadCount(), r.ReadVarLong());
    }
}

/// <summary>A worker's data endpoint, as the coordinator tells the others.</summary>
internal sealed record PeerEndpoint(int WorkerId, string Host, int Port);

/// <summary>
/// Run attempt <paramref name="Attempt"/>: build the job from <paramref name="JobArguments"/> (its plan must have
/// <paramref name="PlanFingerprint"/>), run every subtask whose index is a slot this worker owns
/// (<paramref name="SlotOwners"/>[subtask] = worker id), restore from <paramref name="RestoreFrom"/> (empty: fresh).
/// </summary>
internal sealed record Deploy(long Attempt, IReadOnlyList<string> JobArguments, string PlanFingerprint, IReadOnlyList<int> SlotOwners,
    IReadOnlyList<PeerEndpoint> Peers, string RestoreFrom, long FlushTimeoutMicros)
{
    public void Write(PayloadWriter w)
    {
        w.WriteVarLong(Attempt).WriteVarULong((uint)JobArguments.Count);
        foreach (var a in JobArguments) w.WriteString(a);
        w.WriteString(PlanFingerprint).WriteVarULong((uint)SlotOwners.Count);
        foreach (var o in SlotOwners) w.WriteVarULong((uint)o);
        w.WriteVarULong((uint)Peers.Count);
        foreach (var p in Peers) w.WriteVarULong((uint)p.WorkerId).WriteString(p.Host).WriteVarULong((uint)p.Port);
        w.WriteString(RestoreFrom).WriteVarLong(FlushTimeoutMicros);
    }

    public static Deploy Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        long attempt = r.ReadVarLong();
        var args = new string[r.ReadCount()];
        for (int i = 0; i < args.Length; i++) args[i] = r.ReadString();
        string fingerprint = r.ReadString();
        var owners = new int[r.ReadCount()];
        for (int i = 0; i < owners.Length; i++) owners[i] = r.ReadCount();
        var peers = new PeerEndpoint[r.ReadCount()];
        for (int i = 0; i < peers.Length; i++) peers[i] = new PeerEndpoint(r.ReadCount(), r.ReadString(), r.ReadCount());
        return new Deploy(attempt, args, fingerprint, owners, peers, r.ReadString(), r.ReadVarLong());
    }
}

/// <summary>Messages about one subtask of one attempt (running, finished, failed, trigger).</summary>
internal readonly record struct SubtaskRef(long Attempt, int Vertex, int Subtask)
{
    /// <summary>Vertex of a failure that concerns the worker rather than one subtask (a lost data connection).</summary>
    public const int WorkerLevel = -1;

    public void Write(PayloadWriter w) => w.WriteVarLong(Attempt).WriteVarLong(Vertex).WriteVarULong((uint)Subtask);

    public static SubtaskRef Read(ref PayloadReader r)
    {
        long attempt = r.ReadVarLong();
        long vertex = r.ReadVarLong();
        if (vertex < WorkerLevel || vertex > int.MaxValue) throw new ProtocolException($"Malformed frame: vertex {vertex}.");
        return new SubtaskRef(attempt, (int)vertex, r.ReadCount());
    }
}

/// <summary>A subtask ended: <paramref name="Failure"/> is null when it reached the end of its input.</summary>
internal sealed record SubtaskEnded(SubtaskRef Task, string? Failure)
{
    public void Write(PayloadWriter w)
    {
        Task.Write(w);
        if (Failure is not null) w.WriteString(Failure);
    }

    public static SubtaskEnded Read(ReadOnlySpan<byte> payload, bool failed)
    {
        var r = new PayloadReader(payload);
        var task = SubtaskRef.Read(ref r);
        return new SubtaskEnded(task, failed ? r.ReadString() : null);
    }
}

/// <summary>Checkpoint <paramref name="CheckpointId"/> of attempt <paramref name="Attempt"/> (trigger at one subtask, or complete).</summary>
internal readonly record struct CheckpointRef(long Attempt, long CheckpointId, int Vertex, int Subtask)
{
    public void Write(PayloadWriter w) => w.WriteVarLong(Attempt).WriteVarLong(CheckpointId).WriteVarULong((uint)Vertex).WriteVarULong((uint)Subtask);

    public static CheckpointRef Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return Read(ref r);
    }

    public static CheckpointRef Read(ref PayloadReader r) => new(r.ReadVarLong(), r.ReadVarLong(), r.ReadCount(), r.ReadCount());
}

/// <summary>Inject the barrier of <paramref name="Checkpoint"/> at a source subtask; <paramref name="Savepoint"/> says it is a savepoint.</summary>
internal readonly record struct CheckpointTrigger(CheckpointRef Checkpoint, bool Savepoint)
{
    public void Write(PayloadWriter w)
    {
        Checkpoint.Write(w);
        w.WriteByte(Savepoint ? (byte)1 : (byte)0);
    }

    public static CheckpointTrigger Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        var checkpoint = CheckpointRef.Read(ref r);
        return new CheckpointTrigger(checkpoint, r.ReadByte() != 0);
    }
}

/// <summary>A subtask's snapshot for a checkpoint: encoded operator states by state uid.</summary>
internal sealed record CheckpointAck(CheckpointRef Checkpoint, List<(string Uid, byte[] Payload)> States)
{
    public void Write(PayloadWriter w)
    {
        Checkpoint.Write(w);
        w.WriteVarULong((uint)States.Count);
        foreach (var (uid, payload) in States) w.WriteString(uid).WriteBytes(payload);
    }

    public static CheckpointAck Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        var checkpoint = CheckpointRef.Read(ref r);
        int count = r.ReadCount();
        var states = new List<(string, byte[])>();
        for (int i = 0; i < count; i++) states.Add((r.ReadString(), r.ReadBytes().ToArray()));
        return new CheckpointAck(checkpoint, states);
    }
}

/// <summary>Counters of one subtask, sent with heartbeats.</summary>
internal readonly record struct SubtaskMetrics(int Vertex, int Subtask, long RecordsIn, long RecordsOut, double Backpressure, long Watermark);

/// <summary>Per-subtask counters of a worker's current attempt.</summary>
internal sealed record MetricsReport(long Attempt, IReadOnlyList<SubtaskMetrics> Subtasks)
{
    public void Write(PayloadWriter w)
    {
        w.WriteVarLong(Attempt).WriteVarULong((uint)Subtasks.Count);
        foreach (var m in Subtasks)
            w.WriteVarULong((uint)m.Vertex).WriteVarULong((uint)m.Subtask).WriteVarLong(m.RecordsIn).WriteVarLong(m.RecordsOut)
             .WriteVarLong((long)(m.Backpressure * 1_000_000)).WriteVarLong(m.Watermark);
    }

    public static MetricsReport Read(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        long attempt = r.ReadVarLong();
        var list = new SubtaskMetrics[r.ReadCount()];
        for (int i = 0; i < list.Length; i++)
            list[i] = new SubtaskMetrics(r.ReadCount(), r.ReadCount(), r.ReadVarLong(), r.ReadVarLong(), r.ReadVarLong() / 1_000_000.0, r.ReadVarLong());
        return new MetricsReport(attempt, list);
    }
}

/// <summary>Encodes a single varint payload (worker id, attempt, …).</summary>
internal static class Scalar
{
    public static byte[] Encode(long value) => new PayloadWriter().WriteVarLong(value).Written.ToArray();

    public static long Decode(ReadOnlySpan<byte> payload) => new PayloadReader(payload).ReadVarLong();
}
