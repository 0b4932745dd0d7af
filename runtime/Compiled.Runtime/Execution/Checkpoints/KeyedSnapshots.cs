using Compiled.State.Heap;
using Compiled.State.Snapshots;

namespace Compiled.Execution.Checkpoints;

/// <summary>Keyed state and timers of an operator, per key group, in one blob each.</summary>
internal static class KeyedSnapshots
{
    public static void Write<TKey, TNamespace>(HeapKeyedStateBackend<TKey> backend, InternalTimerService<TKey, TNamespace> timers, OperatorSnapshot snapshot)
        where TKey : notnull where TNamespace : notnull
    {
        var timerGroups = timers.SnapshotByKeyGroup();
        for (int group = backend.KeyGroupRange.Start; group <= backend.KeyGroupRange.End; group++)
        {
            byte[] state = backend.SnapshotKeyGroup(group);
            timerGroups.TryGetValue(group, out var timerBytes);
            if (state.Length == 0 && timerBytes is null) continue;
            var writer = new SnapshotWriter();
            writer.WriteBytes(state);
            writer.WriteBytes(timerBytes ?? []);
            snapshot.KeyGroups[group] = writer.Written.ToArray();
        }
    }

    public static void Restore<TKey, TNamespace>(HeapKeyedStateBackend<TKey> backend, InternalTimerService<TKey, TNamespace> timers, RestoredState state)
        where TKey : notnull where TNamespace : notnull
    {
        foreach (var (group, bytes) in state.KeyGroups)
        {
            if (!backend.KeyGroupRange.Contains(group)) continue;
            var reader = new SnapshotReader(bytes);
            backend.RestoreKeyGroup(group, reader.ReadBytes());
            var timerBytes = reader.ReadBytes();
            if (timerBytes.Length > 0) timers.RestoreKeyGroup(group, timerBytes);
        }
    }
}
