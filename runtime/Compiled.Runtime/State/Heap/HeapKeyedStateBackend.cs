using Compiled.Serialization;
using Compiled.State.Snapshots;

namespace Compiled.State.Heap;

/// <summary>
/// Keyed state on the managed heap, organised per key group: every state table holds one dictionary
/// per key group of this subtask's <see cref="KeyGroupRange"/>, so snapshots and rescaling move whole
/// key groups. Used from the owning task's thread only, so it takes no locks.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class HeapKeyedStateBackend<TKey> : KeyedStateBackend<TKey> where TKey : notnull
{
    private readonly Dictionary<string, IStateTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, int KeyGroup), byte[]> _pendingRestore = [];

    /// <summary>Creates a backend for the key groups in <paramref name="range"/>.</summary>
    /// <param name="keySerializer">Canonical key bytes, for key-group assignment.</param>
    /// <param name="range">Key groups owned by this subtask.</param>
    /// <param name="maxParallelism">Total number of key groups.</param>
    /// <param name="processingClock">Processing time in epoch milliseconds, for state TTL.</param>
    public HeapKeyedStateBackend(KeySerializer<TKey> keySerializer, KeyGroupRange range, int maxParallelism, Func<long> processingClock)
        : base(keySerializer, range, maxParallelism, processingClock)
    {
    }

    /// <summary>Copy-on-write versions shared by the tables: snapshots running, copies made.</summary>
    internal SnapshotVersions Versions { get; } = new();

    /// <inheritdoc />
    public override IEnumerable<string> StateNames => _tables.Keys;

    /// <inheritdoc />
    public override long EntryCount => _tables.Values.Sum(t => t.Count);

    /// <inheritdoc />
    public override KeyedStateTable<TNamespace, TValue> GetTable<TNamespace, TValue>(StateDescriptor descriptor, Func<StateSerializer<TValue>> valueSerializer) =>
        GetOrCreateTable<TNamespace, TValue>(descriptor, valueSerializer);

    /// <inheritdoc />
    protected internal override NamespacedState<TNamespace, ValueState<T>> CreateValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ValueState<T>>.Of(new HeapValueState<TKey, TNamespace, T>(
            GetOrCreateTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.DefaultValue));

    /// <inheritdoc />
    protected internal override NamespacedState<TNamespace, ListState<T>> CreateListState<TNamespace, T>(ListStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ListState<T>>.Of(new HeapListState<TKey, TNamespace, T>(
            GetOrCreateTable<TNamespace, List<T>>(descriptor, () => new ListStateSerializer<T>(StateSerializers.Get<T>(descriptor.Name)))));

    /// <inheritdoc />
    protected internal override NamespacedState<TNamespace, MapState<TUserKey, TUserValue>> CreateMapState<TNamespace, TUserKey, TUserValue>(
        MapStateDescriptor<TUserKey, TUserValue> descriptor) =>
        NamespacedState<TNamespace, MapState<TUserKey, TUserValue>>.Of(new HeapMapState<TKey, TNamespace, TUserKey, TUserValue>(
            GetOrCreateTable<TNamespace, Dictionary<TUserKey, TUserValue>>(descriptor,
                () => new MapStateSerializer<TUserKey, TUserValue>(StateSerializers.Get<TUserKey>(descriptor.Name), StateSerializers.Get<TUserValue>(descriptor.Name)))));

    /// <inheritdoc />
    protected internal override NamespacedState<TNamespace, ReducingState<T>> CreateReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ReducingState<T>>.Of(new HeapReducingState<TKey, TNamespace, T>(
            GetOrCreateTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.ReduceFunction));

    /// <inheritdoc />
    protected internal override NamespacedState<TNamespace, AggregatingState<TIn, TOut>> CreateAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        NamespacedState<TNamespace, AggregatingState<TIn, TOut>>.Of(new HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut>(
            GetOrCreateTable<TNamespace, TAcc>(descriptor, () => StateSerializers.Get<TAcc>(descriptor.Name)), descriptor.AggregateFunction));

    internal StateTable<TKey, TNamespace, TValue> GetOrCreateTable<TNamespace, TValue>(StateDescriptor descriptor, Func<StateSerializer<TValue>> valueSerializer)
        where TNamespace : notnull
    {
        if (_tables.TryGetValue(descriptor.Name, out var existing))
        {
            return existing as StateTable<TKey, TNamespace, TValue>
                ?? throw new InvalidOperationException(
                    $"State '{descriptor.Name}' was registered twice with different types; give each state a unique name.");
        }
        var table = new StateTable<TKey, TNamespace, TValue>(this, KeyGroupRange.Count, descriptor.Ttl, descriptor.Name, valueSerializer);
        _tables.Add(descriptor.Name, table);
        foreach (var pending in _pendingRestore.Where(p => p.Key.Table == descriptor.Name).ToList())
        {
            table.ReadKeyGroup(pending.Key.KeyGroup - KeyGroupRange.Start, pending.Value);
            _pendingRestore.Remove(pending.Key);
        }
        return table;
    }

    /// <inheritdoc />
    public override byte[] SnapshotKeyGroup(int keyGroup)
    {
        var output = new SnapshotWriter();
        HeapCapture.WriteKeyGroup(keyGroup, LocalIndex(keyGroup),
            _tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, (Action<int, SnapshotWriter>)t.Value.WriteKeyGroup)), _pendingRestore,
            output, new SnapshotWriter());
        return output.Written.ToArray();
    }

    /// <summary>
    /// Captures every key group at a barrier without serializing or copying values: each table shares its key-group
    /// dictionaries with the capture (an array copy) and, while the capture runs, copies a dictionary before changing
    /// it and a value before handing it out for a change (<see cref="SnapshotVersions"/>). The capture writes the same
    /// bytes as <see cref="SnapshotKeyGroup"/> would have at capture time, on the checkpoint writer thread.
    /// </summary>
    public override KeyedStateCapture CaptureKeyGroups()
    {
        int version = Versions.Begin();
        try
        {
            var tables = _tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value.Capture())).ToList();
            return new HeapCapture(Versions, version, KeyGroupRange, tables, [.. _pendingRestore]); // restored bytes never change
        }
        catch
        {
            Versions.Release(version);
            throw;
        }
    }

    /// <inheritdoc />
    public override void RestoreKeyGroup(int keyGroup, ReadOnlySpan<byte> snapshot)
    {
        int index = LocalIndex(keyGroup);
        var reader = new SnapshotReader(snapshot);
        while (!reader.End)
        {
            string name = reader.ReadString() ?? throw new InvalidDataException($"Key group {keyGroup}: a state without a name.");
            var entries = reader.ReadBytes();
            if (_tables.TryGetValue(name, out var table)) table.ReadKeyGroup(index, entries);
            else _pendingRestore[(name, keyGroup)] = entries.ToArray();
        }
    }

    private int LocalIndex(int keyGroup) => KeyGroupRange.Contains(keyGroup)
        ? keyGroup - KeyGroupRange.Start
        : throw new ArgumentOutOfRangeException(nameof(keyGroup), $"Key group {keyGroup} is not owned by this backend {KeyGroupRange}.");
}
