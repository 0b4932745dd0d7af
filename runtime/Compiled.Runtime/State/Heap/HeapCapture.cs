using Compiled.State.Snapshots;

namespace Compiled.State.Heap;

/// <summary>
/// A heap backend's key groups captured at a barrier: the tables' shared dictionaries, serialized when the writer asks.
/// Disposing it ends its snapshot version, so the task stops copying for it.
/// </summary>
internal sealed class HeapCapture(SnapshotVersions versions, int version, KeyGroupRange range,
    IReadOnlyList<(string Name, Action<int, SnapshotWriter> Write)> tables, IReadOnlyList<KeyValuePair<(string Table, int KeyGroup), byte[]>> pendingRestore)
    : KeyedStateCapture
{
    public override byte[] WriteKeyGroup(int keyGroup) => range.Contains(keyGroup)
        ? WriteKeyGroup(keyGroup, keyGroup - range.Start, tables, pendingRestore)
        : throw new ArgumentOutOfRangeException(nameof(keyGroup), $"Key group {keyGroup} is not owned by this backend {range}.");

    protected override void Release() => versions.Release(version);

    /// <summary>
    /// The canonical bytes of a key group: per table (in the given order) its name and entries, then restored state
    /// that no table asked for yet, carried forward unchanged.
    /// </summary>
    public static byte[] WriteKeyGroup(int keyGroup, int index, IEnumerable<(string Name, Action<int, SnapshotWriter> Write)> tables,
        IEnumerable<KeyValuePair<(string Table, int KeyGroup), byte[]>> pendingRestore)
    {
        var writer = new SnapshotWriter();
        var entries = new SnapshotWriter();
        foreach (var (name, write) in tables)
        {
            entries.Clear();
            write(index, entries);
            writer.WriteString(name);
            writer.WriteBytes(entries.Written);
        }
        foreach (var ((name, _), bytes) in pendingRestore.Where(p => p.Key.KeyGroup == keyGroup).OrderBy(p => p.Key.Table, StringComparer.Ordinal))
        {
            writer.WriteString(name);
            writer.WriteBytes(bytes);
        }
        return writer.Written.ToArray();
    }
}
