using Compiled.State;
using Compiled.State.Snapshots;

namespace Compiled.Execution.Checkpoints;

/// <summary>
/// Keyed state and timers of an operator, per key group, in one blob each. Backends with incremental snapshots put
/// their state in <see cref="OperatorSnapshot.Incremental"/> instead (timers stay per key group); savepoints always
/// use the canonical per-key-group format, so they restore into any backend.
/// </summary>
internal static class KeyedSnapshots
{
    public static void Write<TKey, TNamespace>(long checkpointId, KeyedStateBackend<TKey> backend, InternalTimerService<TKey, TNamespace> timers,
        OperatorSnapshot snapshot)
        where TKey : notnull where TNamespace : notnull
    {
        if (snapshot.IsFinished) return; // a finished instance never runs again: its keyed state is not needed
        bool incremental = backend.SupportsIncrementalSnapshots && !snapshot.IsSavepoint;
        if (incremental) snapshot.Incremental = backend.SnapshotIncremental(checkpointId);
        // Both captures only share or copy references here; serialization happens when the writer encodes the snapshot.
        var timerCapture = timers.CaptureByKeyGroup();
        var state = incremental ? null : backend.CaptureKeyGroups();
        if (state is not null) snapshot.Hold(state);
        // Shared by the key groups of this snapshot, which are written one after another on one thread.
        SnapshotWriter? stateBytes = null, timerBytes = null;
        for (int group = backend.KeyGroupRange.Start; group <= backend.KeyGroupRange.End; group++)
        {
            int keyGroup = group;
            snapshot.Defer(keyGroup, output =>
            {
                (stateBytes ??= new SnapshotWriter()).Clear();
                (timerBytes ??= new SnapshotWriter()).Clear();
                state?.WriteKeyGroup(keyGroup, stateBytes);
                bool anyTimers = timerCapture.WriteKeyGroup(keyGroup, timerBytes);
                if (stateBytes.Length == 0 && !anyTimers) return false;
                output.WriteBytes(stateBytes.Written);
                output.WriteBytes(timerBytes.Written);
                return true;
            });
        }
    }

    public static void Restore<TKey, TNamespace>(KeyedStateBackend<TKey> backend, InternalTimerService<TKey, TNamespace> timers, RestoredState state)
        where TKey : notnull where TNamespace : notnull
    {
        var range = backend.KeyGroupRange;
        var overlapping = state.Incremental.Where(s => s.KeyGroups.Start <= range.End && s.KeyGroups.End >= range.Start).ToList();
        if (overlapping.Count > 0) backend.RestoreIncremental(overlapping);
        foreach (var (group, bytes) in state.KeyGroups)
        {
            if (!range.Contains(group)) continue;
            var reader = new SnapshotReader(bytes);
            var stateBytes = reader.ReadBytes();
            if (stateBytes.Length > 0) backend.RestoreKeyGroup(group, stateBytes);
            var timerBytes = reader.ReadBytes();
            if (timerBytes.Length > 0) timers.RestoreKeyGroup(group, timerBytes);
        }
    }
}
