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
    private SnapshotWriter? _entries; // reused across the key groups, which are written one after another

    public override byte[] WriteKeyGroup(int keyGroup)
    {
        var output = new SnapshotWriter();
        WriteKeyGroup(keyGroup, output);
        return output.Written.ToArray();
    }

    public override void WriteKeyGroup(int keyGroup, SnapshotWriter output)
    {
        if (!range.Contains(keyGroup)) throw new ArgumentOutOfRangeException(nameof(keyGroup), $"Key group {keyGroup} is not owned by this backend {range}.");
        WriteKeyGroup(keyGroup, keyGroup - range.Start, tables, pendingRestore, output, _entries ??= new SnapshotWriter());
    }

    protected override void Release() => versions.Release(version);

    /// <summary>
    /// Appends the canonical bytes of a key group to <paramref name="output"/>: per table (in the given order) its name and
    /// entries (serialized through <paramref name="entries"/>, a scratch buffer), then restored state that no table asked
    /// for yet, carried forward unchanged.
    /// </summary>
    public static void WriteKeyGroup(int keyGroup, int index, IEnumerable<(string Name, Action<int, SnapshotWriter> Write)> tables,
        IEnumerable<KeyValuePair<(string Table, int KeyGroup), byte[]>> pendingRestore, SnapshotWriter output, SnapshotWriter entries)
    {
        foreach (var (name, write) in tables)
        {
            entries.Clear();
            write(index, entries);
            output.WriteString(name);
            output.WriteBytes(entries.Written);
        }
        foreach (var ((name, _), bytes) in pendingRestore.Where(p => p.Key.KeyGroup == keyGroup).OrderBy(p => p.Key.Table, StringComparer.Ordinal))
        {
            output.WriteString(name);
            output.WriteBytes(bytes);
        }
    }
}
