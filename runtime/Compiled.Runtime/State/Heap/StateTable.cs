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

    /// <summary>Captures one local key group now; the returned action writes what <see cref="WriteKeyGroup"/> would have written now.</summary>
    Action<SnapshotWriter> CaptureKeyGroup(int groupIndex);
}

/// <summary>A state value with the processing time of its last write, for TTL.</summary>
internal struct StateEntry<TValue>
{
    public TValue Value;
    public long Stamp;
}

/// <summary>One state's entries: a dictionary per local key group, keyed by (key, namespace).</summary>
internal sealed class StateTable<TKey, TNamespace, TValue>(HeapKeyedStateBackend<TKey> backend, int groups, StateTtlConfig? ttl, string name,
    Func<StateSerializer<TValue>> valueSerializer, Func<TValue, TValue>? snapshotCopy = null) : KeyedStateTable<TNamespace, TValue>, IStateTable
    where TKey : notnull where TNamespace : notnull
{
    // Resolved on the first snapshot or restore, so a job whose state types have no serializer runs until it checkpoints.
    private StateSerializer<TKey>? _keySerializer;
    private StateSerializer<TNamespace>? _namespaceSerializer;
    private StateSerializer<TValue>? _valueSerializer;

    private readonly Dictionary<(TKey, TNamespace), StateEntry<TValue>>[] _groups = CreateGroups(groups);
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

    /// <summary>Reference to the live entry of the current key in <paramref name="ns"/>, or a null ref when absent or expired.</summary>
    public ref StateEntry<TValue> Find(TNamespace ns)
    {
        var group = _groups[backend.CurrentGroupIndex];
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(group, (backend.CurrentKey, ns));
        if (Unsafe.IsNullRef(ref entry) || _ttl == 0) return ref entry;
        long now = backend.Now();
        if (now - entry.Stamp >= _ttl)
        {
            group.Remove((backend.CurrentKey, ns));
            return ref Unsafe.NullRef<StateEntry<TValue>>();
        }
        if (_refreshOnRead) entry.Stamp = now;
        return ref entry;
    }

    /// <summary>Reference to the entry of the current key in <paramref name="ns"/>, created (default value) when absent or expired.</summary>
    public ref StateEntry<TValue> GetOrAdd(TNamespace ns, out bool existed)
    {
        var group = _groups[backend.CurrentGroupIndex];
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
        ref var entry = ref GetOrAdd(ns, out _);
        entry.Value = value;
    }

    public override bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out TValue value)
    {
        ref var entry = ref Find(ns);
        if (Unsafe.IsNullRef(ref entry))
        {
            value = default;
            return false;
        }
        value = entry.Value;
        return true;
    }

    public override void Put(TNamespace ns, TValue value) => Set(ns, value);

    public override bool Remove(TNamespace ns) => _groups[backend.CurrentGroupIndex].Remove((backend.CurrentKey, ns));

    private void ResolveSerializers()
    {
        _keySerializer ??= StateSerializers.Get<TKey>(name + " (key)");
        _namespaceSerializer ??= StateSerializers.Get<TNamespace>(name + " (namespace)");
        _valueSerializer ??= valueSerializer();
    }

    /// <summary>Fingerprint of the value schema that wrote the last restored entries (null: built-in type or nothing restored).</summary>
    public SchemaFingerprint? RestoredFingerprint { get; private set; }

    public Action<SnapshotWriter> CaptureKeyGroup(int groupIndex)
    {
        ResolveSerializers(); // on the task thread: a missing serializer fails the checkpoint here, naming the state
        if (snapshotCopy is null)
        {
            var now = new SnapshotWriter();
            WriteKeyGroup(groupIndex, now);
            byte[] bytes = now.Written.ToArray();
            return writer => writer.WriteRaw(bytes);
        }
        var copy = new Dictionary<(TKey, TNamespace), StateEntry<TValue>>(_groups[groupIndex]);
        if (!SnapshotCopies.IsImmutable<TValue>())
        {
            foreach (var key in _groups[groupIndex].Keys)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(copy, key);
                entry.Value = snapshotCopy(entry.Value); // lists and maps are changed in place by their states
            }
        }
        return writer => Write(copy, writer);
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
        var group = _groups[groupIndex];
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
            group[(key, ns)] = new StateEntry<TValue> { Value = _valueSerializer!.Read(ref reader), Stamp = stamp };
        }
        if (!reader.End) throw new InvalidDataException($"State '{name}': {entries.Length - reader.Position} unread bytes after {count} entries.");
    }

    /// <summary>Entries of one local key group (index relative to the range start), for snapshots and tests.</summary>
    public IEnumerable<KeyValuePair<(TKey Key, TNamespace Namespace), TValue>> EntriesOfGroup(int groupIndex)
    {
        foreach (var kv in _groups[groupIndex])
            yield return new(kv.Key, kv.Value.Value);
    }
}
