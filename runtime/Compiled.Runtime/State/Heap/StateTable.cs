using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compiled.Serialization;
using Compiled.State.Snapshots;

namespace Compiled.State.Heap;

internal interface IStateTable
{
    long Count { get; }

    /// <summary>Appends the entries of one local key group (count, then key, namespace, TTL stamp, value each).</summary>
    void WriteKeyGroup(int groupIndex, SnapshotWriter writer);

    /// <summary>Adds the entries written by <see cref="WriteKeyGroup"/> to one local key group.</summary>
    void ReadKeyGroup(int groupIndex, ReadOnlySpan<byte> entries);

    /// <summary>
    /// Captures every local key group now, sharing the dictionaries (copy on write keeps them and their values as they
    /// are); the result writes a local key group as <see cref="WriteKeyGroup"/> would have at capture, on any thread.
    /// </summary>
    Action<int, SnapshotWriter> Capture();
}

/// <summary>A state value with the processing time of its last write (for TTL) and its copy-on-write version.</summary>
internal struct StateEntry<TValue>
{
    public TValue Value;
    public long Stamp;
    public int Version;
}

/// <summary>
/// One state's entries: a dictionary per local key group, keyed by (key, namespace). Snapshots share the dictionaries
/// and values (see <see cref="SnapshotVersions"/>): a shared dictionary is copied before its first change, a shared
/// value before it is handed out for a possible change in place (<see cref="FindForUpdate"/>, <see cref="GetOrAdd"/>).
/// </summary>
/// <remarks>
/// Storage reaches a working size and stays there (<see cref="MakeRoom"/>): each key group holds only a share of the
/// entries, so left alone its dictionary would keep growing to a new high-water mark whenever that share peaks, long
/// after the whole table has settled.
/// </remarks>
internal sealed class StateTable<TKey, TNamespace, TValue>(HeapKeyedStateBackend<TKey> backend, int groups, StateTtlConfig? ttl, string name,
    Func<StateSerializer<TValue>> valueSerializer) : KeyedStateTable<TNamespace, TValue>, IStateTable
    where TKey : notnull where TNamespace : notnull
{
    // Resolved on the first snapshot or restore, so a job whose state types have no serializer runs until it checkpoints.
    private StateSerializer<TKey>? _keySerializer;
    private StateSerializer<TNamespace>? _namespaceSerializer;
    private StateSerializer<TValue>? _valueSerializer;
    private bool _copyValues; // values can change in place: copied while a snapshot shares them (known once resolved)

    private readonly Dictionary<(TKey, TNamespace), StateEntry<TValue>>[] _groups = CreateGroups(groups);
    private readonly int[] _groupVersions = new int[groups];
    private readonly int[] _lendable = new int[groups]; // groups left empty with storage, latest last (stale ones skipped when taken)
    private readonly bool[] _listed = new bool[groups];
    private int _lendableCount;
    private readonly SnapshotVersions _versions = backend.Versions;
    private readonly long _ttl = ttl?.TtlMillis ?? 0;
    private readonly bool _refreshOnRead = ttl?.RefreshOnRead ?? false;

    public HeapKeyedStateBackend<TKey> Backend => backend;

    public long Count => _groups.Sum(g => (long)g.Count);

    private static Dictionary<(TKey, TNamespace), StateEntry<TValue>>[] CreateGroups(int n)
    {
        var groups = new Dictionary<(TKey, TNamespace), StateEntry<TValue>>[n];
        for (int i = 0; i < n; i++) groups[i] = new();
        return groups;
    }

    /// <summary>The current key group's dictionary, copied first if a running snapshot shares it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Dictionary<(TKey, TNamespace), StateEntry<TValue>> GroupForWrite(int index) =>
        _groupVersions[index] < _versions.SharedBelow ? CopyGroup(index) : _groups[index];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Dictionary<(TKey, TNamespace), StateEntry<TValue>> CopyGroup(int index)
    {
        var copy = new Dictionary<(TKey, TNamespace), StateEntry<TValue>>(_groups[index]); // entries copied, values still shared
        _groups[index] = copy;
        _groupVersions[index] = _versions.Current;
        _versions.CountGroupCopy();
        return copy;
    }

    /// <summary>Gives <paramref name="entry"/> a value of its own if a running snapshot shares the current one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unshare(ref StateEntry<TValue> entry)
    {
        if (entry.Version < _versions.SharedBelow && _copyValues) CopyValue(ref entry);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CopyValue(ref StateEntry<TValue> entry)
    {
        entry.Value = _valueSerializer!.Copy(entry.Value);
        entry.Version = _versions.Current;
        _versions.CountValueCopy();
    }

    /// <summary>
    /// Reference to the live entry of the current key in <paramref name="ns"/>, or a null ref when absent or expired.
    /// Its value may be shared with a snapshot: read it, do not change it in place (see <see cref="FindForUpdate"/>).
    /// </summary>
    public ref StateEntry<TValue> Find(TNamespace ns)
    {
        int index = backend.CurrentGroupIndex;
        if (_ttl == 0) return ref CollectionsMarshal.GetValueRefOrNullRef(_groups[index], (backend.CurrentKey, ns));
        var group = GroupForWrite(index); // expiry removes and refresh-on-read stamps: changes
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(group, (backend.CurrentKey, ns));
        if (Unsafe.IsNullRef(ref entry)) return ref entry;
        long now = backend.Now();
        if (now - entry.Stamp >= _ttl)
        {
            group.Remove((backend.CurrentKey, ns));
            Removed(index, group);
            return ref Unsafe.NullRef<StateEntry<TValue>>();
        }
        if (_refreshOnRead) entry.Stamp = now;
        return ref entry;
    }

    /// <summary>As <see cref="Find"/>, but the value is the live table's own: callers may change it in place.</summary>
    public ref StateEntry<TValue> FindForUpdate(TNamespace ns)
    {
        ref var entry = ref Find(ns);
        if (Unsafe.IsNullRef(ref entry) || entry.Version >= _versions.SharedBelow || !_copyValues) return ref entry;
        int index = backend.CurrentGroupIndex;
        if (_groupVersions[index] < _versions.SharedBelow) // the dictionary holding the entry is shared too
            entry = ref CollectionsMarshal.GetValueRefOrNullRef(CopyGroup(index), (backend.CurrentKey, ns));
        CopyValue(ref entry);
        return ref entry;
    }

    /// <summary>
    /// Reference to the entry of the current key in <paramref name="ns"/>, created (default value) when absent or
    /// expired; an existing value is the live table's own, so callers may change it in place.
    /// </summary>
    public ref StateEntry<TValue> GetOrAdd(TNamespace ns, out bool existed)
    {
        ref var entry = ref Entry(ns, out existed);
        if (existed) Unshare(ref entry);
        else entry.Version = _versions.Current;
        return ref entry;
    }

    /// <summary>The entry of <paramref name="ns"/>, created when absent or expired; its value possibly shared.</summary>
    private ref StateEntry<TValue> Entry(TNamespace ns, out bool existed)
    {
        int index = backend.CurrentGroupIndex;
        var group = GroupForWrite(index);
        if (group.Count == group.Capacity) group = MakeRoom(index, group); // full, or no storage yet: an add would grow it
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(group, (backend.CurrentKey, ns), out existed);
        if (_ttl != 0)
        {
            long now = backend.Now();
            if (existed && now - entry.Stamp >= _ttl)
            {
                entry.Value = default!;
                existed = false;
            }
            entry.Stamp = now;
        }
        return ref entry;
    }

    public void Set(TNamespace ns, TValue value)
    {
        ref var entry = ref Entry(ns, out _); // replaced, not changed: a snapshot keeps the old value without a copy
        entry.Value = value;
        entry.Version = _versions.Current;
    }

    public override bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out TValue value)
    {
        ref var entry = ref FindForUpdate(ns);
        if (Unsafe.IsNullRef(ref entry))
        {
            value = default;
            return false;
        }
        value = entry.Value;
        return true;
    }

    public override bool Contains(TNamespace ns) => !Unsafe.IsNullRef(ref Find(ns));

    public override void Put(TNamespace ns, TValue value) => Set(ns, value);

    public override bool Remove(TNamespace ns)
    {
        int index = backend.CurrentGroupIndex;
        var group = GroupForWrite(index);
        if (!group.Remove((backend.CurrentKey, ns))) return false;
        Removed(index, group);
        return true;
    }

    /// <summary>Lists a group that a removal left empty: its storage can go to a group that has none.</summary>
    private void Removed(int index, Dictionary<(TKey, TNamespace), StateEntry<TValue>> group)
    {
        if (group.Count != 0 || _listed[index] || group.Capacity == 0) return;
        _listed[index] = true;
        _lendable[_lendableCount++] = index;
    }

    /// <summary>
    /// Storage for one more entry in the (unshared) dictionary of group <paramref name="index"/>, without new arrays
    /// where possible. A group without storage takes the empty dictionary of a group a removal left empty (the two swap:
    /// both are empty), so keys that come and go across groups, such as one key per window, reuse the same storage. A
    /// full group grows as a dictionary does (about twice the entries), and so does every other group at least a
    /// quarter as full as that: the groups of a table hold shares of similar size, so they would reach it too, one
    /// peak at a time. A group far emptier keeps its size, so a skewed table does not give every group the largest
    /// group's storage.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Dictionary<(TKey, TNamespace), StateEntry<TValue>> MakeRoom(int index, Dictionary<(TKey, TNamespace), StateEntry<TValue>> group)
    {
        if (group.Capacity == 0)
        {
            while (_lendableCount > 0)
            {
                int donor = _lendable[--_lendableCount];
                _listed[donor] = false;
                var storage = _groups[donor];
                if (donor == index || storage.Count != 0 || storage.Capacity == 0 || _groupVersions[donor] < _versions.SharedBelow) continue; // refilled or shared since
                (_groups[index], _groups[donor]) = (storage, group);
                (_groupVersions[index], _groupVersions[donor]) = (_groupVersions[donor], _groupVersions[index]);
                return storage;
            }
        }
        int capacity = group.EnsureCapacity(Math.Max(1, 2 * group.Count));
        for (int i = 0; i < _groups.Length; i++)
        {
            var other = _groups[i];
            if (other.Capacity < capacity && other.Count * 4L >= capacity && _groupVersions[i] >= _versions.SharedBelow) other.EnsureCapacity(capacity);
        }
        return group;
    }

    private void ResolveSerializers()
    {
        _keySerializer ??= StateSerializers.Get<TKey>(name + " (key)");
        _namespaceSerializer ??= StateSerializers.Get<TNamespace>(name + " (namespace)");
        if (_valueSerializer is null)
        {
            _valueSerializer = valueSerializer();
            _copyValues = !_valueSerializer.IsImmutable;
        }
    }

    /// <summary>Fingerprint of the value schema that wrote the last restored entries (null: built-in type or nothing restored).</summary>
    public SchemaFingerprint? RestoredFingerprint { get; private set; }

    public Action<int, SnapshotWriter> Capture()
    {
        ResolveSerializers(); // on the task thread: a missing serializer fails the checkpoint here, naming the state
        var captured = (Dictionary<(TKey, TNamespace), StateEntry<TValue>>[])_groups.Clone();
        return (groupIndex, writer) => Write(captured[groupIndex], writer);
    }

    public void WriteKeyGroup(int groupIndex, SnapshotWriter writer)
    {
        ResolveSerializers();
        Write(_groups[groupIndex], writer);
    }

    private void Write(Dictionary<(TKey, TNamespace), StateEntry<TValue>> group, SnapshotWriter writer)
    {
        writer.WriteFixedLong((long)(_valueSerializer!.Fingerprint?.Value ?? 0));
        writer.WriteVarLong(group.Count);
        foreach (var ((key, ns), entry) in group)
        {
            _keySerializer!.Write(writer, key);
            _namespaceSerializer!.Write(writer, ns);
            writer.WriteVarLong(entry.Stamp);
            _valueSerializer!.Write(writer, entry.Value);
        }
    }

    public void ReadKeyGroup(int groupIndex, ReadOnlySpan<byte> entries)
    {
        ResolveSerializers();
        var reader = new SnapshotReader(entries);
        var group = GroupForWrite(groupIndex);
        // Values written by another version of a [StreamRecord] type still read: the generated reader matches fields by
        // id (skips removed ones, defaults added ones) and fails naming the field when a field's wire type changed.
        ulong fingerprint = (ulong)reader.ReadFixedLong();
        RestoredFingerprint = fingerprint == 0 ? null : new SchemaFingerprint(fingerprint);
        long count = reader.ReadVarLong();
        for (long i = 0; i < count; i++)
        {
            var key = _keySerializer!.Read(ref reader);
            var ns = _namespaceSerializer!.Read(ref reader);
            long stamp = reader.ReadVarLong();
            group[(key, ns)] = new StateEntry<TValue> { Value = _valueSerializer!.Read(ref reader), Stamp = stamp, Version = _versions.Current };
        }
        if (!reader.End) throw new InvalidDataException($"State '{name}': {entries.Length - reader.Position} unread bytes after {count} entries.");
    }

    /// <summary>Entries one local key group's dictionary holds without growing (for tests).</summary>
    internal int CapacityOfGroup(int groupIndex) => _groups[groupIndex].Capacity;

    /// <summary>Entries of one local key group (index relative to the range start), for snapshots and tests.</summary>
    public IEnumerable<KeyValuePair<(TKey Key, TNamespace Namespace), TValue>> EntriesOfGroup(int groupIndex)
    {
        foreach (var kv in _groups[groupIndex])
            yield return new(kv.Key, kv.Value.Value);
    }
}
