using Compiled.Checkpointing.Storage;
using Compiled.Execution.Checkpoints;
using Compiled.Plan;
using Compiled.State.Snapshots;

namespace Compiled.Cluster;

/// <summary>
/// The state of a completed checkpoint, handed to the operators of a new run: every key group to the subtask that
/// owns it (so keyed operators restore at any parallelism), and non-keyed state to the subtask with the same index,
/// together with every subtask's non-keyed state for operators that redistribute it when the parallelism changed.
/// Operators are matched by their state uid.
/// </summary>
internal sealed class CheckpointRestore
{
    private readonly Dictionary<string, (Dictionary<int, byte[]> KeyGroups, Dictionary<int, byte[]> OperatorStates, List<IncrementalKeyedSnapshot> Incremental,
        HashSet<int> Finished)> _byUid = [];
    private readonly Dictionary<string, int> _finishedParallelism = [];

    private CheckpointRestore(CompletedCheckpoint checkpoint) => Checkpoint = checkpoint;

    public CompletedCheckpoint Checkpoint { get; }

    /// <summary>Reads and checks the checkpoint against the plan.</summary>
    public static CheckpointRestore Load(CompletedCheckpoint checkpoint, JobPlan plan, bool allowNonRestoredState)
    {
        var restore = new CheckpointRestore(checkpoint);
        foreach (var handle in checkpoint.Metadata.States)
        {
            var snapshot = OperatorSnapshot.Decode(checkpoint.ReadState(handle));
            if (!restore._byUid.TryGetValue(handle.OperatorUid, out var entry)) restore._byUid[handle.OperatorUid] = entry = ([], [], [], []);
            foreach (var (group, bytes) in snapshot.KeyGroups) entry.KeyGroups[group] = bytes;
            if (snapshot.OperatorState is { } state) entry.OperatorStates[handle.Subtask] = state;
            if (snapshot.Incremental is { } incremental) entry.Incremental.Add(WithFullPaths(incremental, checkpoint));
            if (snapshot.IsFinished)
            {
                entry.Finished.Add(handle.Subtask);
                restore._finishedParallelism[handle.OperatorUid] = snapshot.FinishedParallelism;
            }
        }

        var nodes = plan.Nodes.ToDictionary(n => n.StateUid, StringComparer.Ordinal);
        var unmatched = restore._byUid.Keys.Where(uid => !nodes.ContainsKey(uid)).Order(StringComparer.Ordinal).ToList();
        if (unmatched.Count > 0 && !allowNonRestoredState)
            throw new InvalidOperationException(
                $"Checkpoint '{checkpoint.Path}' holds state of operators this job does not have: {string.Join(", ", unmatched)}. " +
                "Give operators the same Uid(...) as before, or allow dropping that state (AllowNonRestoredState).");
        return restore;
    }

    private static IncrementalKeyedSnapshot WithFullPaths(IncrementalKeyedSnapshot snapshot, CompletedCheckpoint checkpoint) =>
        snapshot with
        {
            Files = [.. snapshot.Files.Select(f => new SnapshotFile(f.Name,
                checkpoint.FullPathOf(new FileHandle(f.StoragePath!, f.Length, f.Crc32C, f.SharedName)), f.Length, f.Crc32C, f.SharedName))],
        };

    /// <summary>The state of one operator instance, or null when the checkpoint has none for it.</summary>
    public RestoredState? For(string uid, int subtask) =>
        _byUid.TryGetValue(uid, out var entry)
            ? new RestoredState(entry.KeyGroups, entry.OperatorStates.GetValueOrDefault(subtask), entry.OperatorStates,
                entry.OperatorStates.Count == 0 ? 0 : entry.OperatorStates.Keys.Max() + 1)
            {
                Incremental = entry.Incremental,
                FinishedSubtasks = entry.Finished,
                FinishedParallelism = _finishedParallelism.GetValueOrDefault(uid),
            }
            : null;
}
