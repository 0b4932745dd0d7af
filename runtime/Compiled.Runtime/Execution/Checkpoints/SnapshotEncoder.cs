using Compiled.State.Snapshots;

namespace Compiled.Execution.Checkpoints;

/// <summary>
/// Encodes operator snapshots into state-file payloads with buffers reused from one snapshot to the next, so writing a
/// checkpoint allocates next to nothing once the buffers have grown to the state's size (large arrays allocated anew
/// every checkpoint would each count towards a full, blocking garbage collection). Use one encoder per thread.
/// </summary>
public sealed class SnapshotEncoder
{
    private readonly SnapshotWriter _output = new();
    private readonly SnapshotWriter _groups = new();
    private readonly SnapshotWriter _scratch = new();

    /// <summary>
    /// The payload of <paramref name="snapshot"/> (what <see cref="OperatorSnapshot.Decode"/> reads); valid until the next
    /// call. Its deferred key groups are serialized now and its captures released.
    /// </summary>
    public ReadOnlySpan<byte> Encode(OperatorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _output.Clear();
        _groups.Clear();
        snapshot.EncodeTo(_output, _groups, _scratch);
        return _output.Written;
    }
}
