using Compiled.State.Snapshots;

namespace Compiled.Execution.Checkpoints;

/// <summary>
/// The state of one operator instance in a checkpoint: keyed state per key group (which restores into whichever
/// subtask owns the group, so it rescales) and operator state (source positions, sink transactions), which restores
/// into the subtask with the same index.
/// </summary>
public sealed class OperatorSnapshot
{
    /// <summary>Keyed state and timers, per key group.</summary>
    public Dictionary<int, byte[]> KeyGroups { get; } = [];

    private readonly Dictionary<int, Func<SnapshotWriter, bool>> _deferred = [];

    /// <summary>
    /// A key group captured at the barrier whose bytes are produced later, on the checkpoint writer thread
    /// (<paramref name="write"/> returns null for a key group with nothing to store).
    /// </summary>
    public void Defer(int keyGroup, Func<byte[]?> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Defer(keyGroup, output =>
        {
            if (write() is not { } bytes) return false;
            output.WriteRaw(bytes);
            return true;
        });
    }

    /// <summary>
    /// A key group captured at the barrier whose bytes are appended later, on the checkpoint writer thread, to the
    /// (empty) writer <paramref name="write"/> gets; it returns false when the key group has nothing to store.
    /// </summary>
    public void Defer(int keyGroup, Func<SnapshotWriter, bool> write) => _deferred[keyGroup] = write;

    private readonly List<IDisposable> _held = [];

    /// <summary>
    /// Keeps <paramref name="capture"/> (what the deferred key groups read) until they are materialized or the snapshot
    /// is discarded, then disposes it, so a backend sharing its live state with it stops protecting that state.
    /// </summary>
    public void Hold(IDisposable capture) => _held.Add(capture);

    /// <summary>Produces the bytes of every deferred key group.</summary>
    public void Materialize()
    {
        try
        {
            var scratch = new SnapshotWriter();
            foreach (var (group, write) in _deferred)
            {
                scratch.Clear();
                if (write(scratch)) KeyGroups[group] = scratch.Written.ToArray();
            }
        }
        finally
        {
            Discard();
        }
    }

    /// <summary>Drops what is deferred and releases the captures held (the checkpoint was written or abandoned).</summary>
    public void Discard()
    {
        _deferred.Clear();
        foreach (var capture in _held) capture.Dispose();
        _held.Clear();
    }

    /// <summary>Non-keyed state of the instance, or null.</summary>
    public byte[]? OperatorState { get; set; }

    /// <summary>Keyed state as files of an incremental backend (RocksDB), or null.</summary>
    public IncrementalKeyedSnapshot? Incremental { get; set; }

    /// <summary>Whether this snapshot is for a savepoint: keyed state must then be in the canonical format.</summary>
    public bool IsSavepoint { get; init; }

    /// <summary>
    /// The parallelism of the operator when its instance had consumed all its input (a finished task), or 0 while it runs.
    /// A finished instance stores no keyed state: on restore it does not run again, so its input is not replayed.
    /// </summary>
    public int FinishedParallelism { get; set; }

    /// <summary>Whether the instance had finished (see <see cref="FinishedParallelism"/>).</summary>
    public bool IsFinished => FinishedParallelism > 0;

    /// <summary>Whether there is nothing to store.</summary>
    public bool IsEmpty => KeyGroups.Count == 0 && _deferred.Count == 0 && OperatorState is null && Incremental is null && !IsFinished;

    /// <summary>Encodes the snapshot as one state file's payload.</summary>
    public byte[] Encode() => new SnapshotEncoder().Encode(this).ToArray();

    /// <summary>
    /// Writes the payload to <paramref name="output"/>: deferred key groups are serialized straight into the reusable
    /// buffers <paramref name="groups"/> and <paramref name="scratch"/> (no array per key group), then released. A finished
    /// instance's snapshot is written again by every later checkpoint, so it keeps its key groups' bytes.
    /// </summary>
    internal void EncodeTo(SnapshotWriter output, SnapshotWriter groups, SnapshotWriter scratch)
    {
        try
        {
            long count = 0;
            foreach (int group in KeyGroups.Keys.Union(_deferred.Keys).Order())
            {
                scratch.Clear();
                if (_deferred.TryGetValue(group, out var write) && write(scratch))
                {
                    if (IsFinished) KeyGroups[group] = scratch.Written.ToArray();
                }
                else if (KeyGroups.TryGetValue(group, out var bytes))
                {
                    scratch.Clear();
                    scratch.WriteRaw(bytes);
                }
                else continue;
                groups.WriteVarLong(group);
                groups.WriteBytes(scratch.Written);
                count++;
            }
            if (OperatorState is null) output.WriteVarLong(-1);
            else output.WriteBytes(OperatorState);
            output.WriteVarLong(count);
            output.WriteRaw(groups.Written);
            // Optional trailing parts, flagged so snapshots without them keep their encoding: 1 incremental, 2 finished.
            long flags = (Incremental is null ? 0 : 1) | (IsFinished ? 2 : 0);
            if (flags != 0) output.WriteVarLong(flags);
            Incremental?.Write(output);
            if (IsFinished) output.WriteVarLong(FinishedParallelism);
        }
        finally
        {
            Discard();
        }
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static OperatorSnapshot Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new SnapshotReader(payload);
        var snapshot = new OperatorSnapshot();
        long length = reader.ReadVarLong();
        if (length >= 0)
        {
            if (length > reader.Remaining.Length) throw new InvalidDataException("Malformed operator snapshot: operator state longer than the file.");
            snapshot.OperatorState = reader.Remaining[..(int)length].ToArray();
            reader.Advance((int)length);
        }
        long groups = reader.ReadVarLong();
        for (long i = 0; i < groups; i++)
        {
            int group = checked((int)reader.ReadVarLong());
            snapshot.KeyGroups[group] = reader.ReadBytes().ToArray();
        }
        long flags = reader.End ? 0 : reader.ReadVarLong();
        if ((flags & 1) != 0) snapshot.Incremental = IncrementalKeyedSnapshot.Read(ref reader);
        if ((flags & 2) != 0) snapshot.FinishedParallelism = checked((int)reader.ReadVarLong());
        return snapshot;
    }
}

/// <summary>What an operator instance gets back on restore.</summary>
/// <param name="KeyGroups">Keyed state of every key group in the checkpoint (the operator takes those it owns).</param>
/// <param name="OperatorState">Its own non-keyed state (written by the subtask with the same index), or null.</param>
/// <param name="OperatorStates">Non-keyed state of every subtask that wrote one, by subtask index: what an operator
/// restored at another parallelism redistributes.</param>
/// <param name="PreviousParallelism">Parallelism of the operator when the checkpoint was taken (0 when unknown).</param>
public sealed record RestoredState(IReadOnlyDictionary<int, byte[]> KeyGroups, byte[]? OperatorState,
    IReadOnlyDictionary<int, byte[]> OperatorStates, int PreviousParallelism)
{
    /// <summary>Incremental keyed snapshots of every previous subtask (file paths absolute); the backend takes those overlapping its key groups.</summary>
    public IReadOnlyList<IncrementalKeyedSnapshot> Incremental { get; init; } = [];

    /// <summary>Subtasks of the operator that had finished (consumed all their input) when the checkpoint was taken.</summary>
    public IReadOnlySet<int> FinishedSubtasks { get; init; } = new HashSet<int>();

    /// <summary>The operator's parallelism recorded with its finished subtasks (0 when none had finished).</summary>
    public int FinishedParallelism { get; init; }

    /// <summary>
    /// Whether instance <paramref name="subtask"/> of <paramref name="parallelism"/> restores as finished: the same
    /// instance had finished, or — at another parallelism — every previous instance had.
    /// </summary>
    public bool IsFinished(int subtask, int parallelism) =>
        FinishedParallelism > 0 && (FinishedParallelism == parallelism ? FinishedSubtasks.Contains(subtask) : FinishedSubtasks.Count == FinishedParallelism);
}

/// <summary>An operator whose state takes part in checkpoints.</summary>
public interface ICheckpointedOperator
{
    /// <summary>Captures the state at a barrier, on the task thread (records before the barrier are in it, none after).</summary>
    void SnapshotState(long checkpointId, OperatorSnapshot snapshot);

    /// <summary>Restores the state after <see cref="StreamOperator.Open"/>, before the first record.</summary>
    void RestoreState(RestoredState state);

    /// <summary>The checkpoint is complete everywhere (two-phase-commit sinks commit here).</summary>
    void NotifyCheckpointComplete(long checkpointId) { }
}
