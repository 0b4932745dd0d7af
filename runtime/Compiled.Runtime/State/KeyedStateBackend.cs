using Compiled.Serialization;
using Compiled.State.Snapshots;

namespace Compiled.State;

/// <summary>
/// Keyed state of one operator instance over the key groups of its subtask: tracks the current key, creates states,
/// and snapshots them per key group in the canonical (backend-independent) format used by savepoints and heap
/// checkpoints. Backends that can do better for checkpoints (RocksDB's incremental snapshots) override the
/// incremental members. Used from the owning task's thread only.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
public abstract class KeyedStateBackend<TKey> : IDisposable where TKey : notnull
{
    private readonly Func<long> _clock;

    /// <summary>Creates a backend for the key groups in <paramref name="range"/>.</summary>
    /// <param name="keySerializer">Canonical key bytes, for key-group assignment.</param>
    /// <param name="range">Key groups owned by this subtask.</param>
    /// <param name="maxParallelism">Total number of key groups.</param>
    /// <param name="processingClock">Processing time in epoch milliseconds, for state TTL.</param>
    protected KeyedStateBackend(KeySerializer<TKey> keySerializer, KeyGroupRange range, int maxParallelism, Func<long> processingClock)
    {
        KeySerializer = keySerializer;
        KeyGroupRange = range;
        MaxParallelism = maxParallelism;
        _clock = processingClock;
    }

    /// <summary>Canonical key bytes.</summary>
    public KeySerializer<TKey> KeySerializer { get; }

    /// <summary>Key groups owned by this backend.</summary>
    public KeyGroupRange KeyGroupRange { get; }

    /// <summary>Total number of key groups of the job.</summary>
    public int MaxParallelism { get; }

    /// <summary>The key that state accesses refer to.</summary>
    public TKey CurrentKey { get; private set; } = default!;

    /// <summary>Key group of <see cref="CurrentKey"/>.</summary>
    public int CurrentKeyGroup { get; private set; }

    /// <summary>Index of <see cref="CurrentKeyGroup"/> within <see cref="KeyGroupRange"/>.</summary>
    protected internal int CurrentGroupIndex { get; private set; }

    /// <summary>Processing time now, for TTL.</summary>
    protected internal long Now() => _clock();

    /// <summary>Sets the key of subsequent state accesses, computing its key group.</summary>
    public void SetCurrentKey(TKey key) =>
        SetCurrentKey(key, KeyGroups.KeyGroupOf(KeySerializer.Hash(key), MaxParallelism));

    /// <summary>Sets the key of subsequent state accesses whose key group is already known.</summary>
    public void SetCurrentKey(TKey key, int keyGroup)
    {
        if (!KeyGroupRange.Contains(keyGroup))
            throw new InvalidOperationException(
                $"Key '{key}' belongs to key group {keyGroup}, which this subtask does not own {KeyGroupRange}. " +
                "The stream was not partitioned by this key: call KeyBy with the same key selector before keyed state.");
        CurrentKey = key;
        CurrentKeyGroup = keyGroup;
        CurrentGroupIndex = keyGroup - KeyGroupRange.Start;
        OnCurrentKeyChanged();
    }

    /// <summary>Called after the current key changed (backends that cache the key's bytes drop them here).</summary>
    protected virtual void OnCurrentKeyChanged() { }

    /// <summary>Names of the registered states.</summary>
    public abstract IEnumerable<string> StateNames { get; }

    /// <summary>Number of entries (key, namespace) across all states, for tests and metrics.</summary>
    public abstract long EntryCount { get; }

    /// <summary>The raw table of one state, for operators that manage their own state (window contents).</summary>
    /// <param name="descriptor">Names the state and its TTL.</param>
    /// <param name="valueSerializer">Serializer of the values, resolved when first needed.</param>
    public abstract KeyedStateTable<TNamespace, TValue> GetTable<TNamespace, TValue>(StateDescriptor descriptor, Func<StateSerializer<TValue>> valueSerializer)
        where TNamespace : notnull;

    /// <summary>Creates a value state scoped to namespaces of type <typeparamref name="TNamespace"/>.</summary>
    protected internal abstract NamespacedState<TNamespace, ValueState<T>> CreateValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor) where TNamespace : notnull;

    /// <summary>Creates a list state scoped to namespaces of type <typeparamref name="TNamespace"/>.</summary>
    protected internal abstract NamespacedState<TNamespace, ListState<T>> CreateListState<TNamespace, T>(ListStateDescriptor<T> descriptor) where TNamespace : notnull;

    /// <summary>Creates a map state scoped to namespaces of type <typeparamref name="TNamespace"/>.</summary>
    protected internal abstract NamespacedState<TNamespace, MapState<TUserKey, TUserValue>> CreateMapState<TNamespace, TUserKey, TUserValue>(
        MapStateDescriptor<TUserKey, TUserValue> descriptor) where TNamespace : notnull where TUserKey : notnull;

    /// <summary>Creates a reducing state scoped to namespaces of type <typeparamref name="TNamespace"/>.</summary>
    protected internal abstract NamespacedState<TNamespace, ReducingState<T>> CreateReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor) where TNamespace : notnull;

    /// <summary>Creates an aggregating state scoped to namespaces of type <typeparamref name="TNamespace"/>.</summary>
    protected internal abstract NamespacedState<TNamespace, AggregatingState<TIn, TOut>> CreateAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) where TNamespace : notnull;

    /// <summary>A state store whose states are scoped to <typeparamref name="TNamespace"/>, e.g. windows.</summary>
    public NamespacedStateStore<TKey, TNamespace> ForNamespace<TNamespace>() where TNamespace : notnull => new(this);

    /// <summary>
    /// The state of one key group in the canonical format: per state (in name order) its name and its entries
    /// (value-schema fingerprint, count, then key, namespace, TTL stamp and value each). Every backend writes and reads
    /// this format, so a savepoint restores into any backend at any parallelism.
    /// </summary>
    public abstract byte[] SnapshotKeyGroup(int keyGroup);

    /// <summary>
    /// Captures every key group at a barrier, on the task thread; the capture produces the bytes of
    /// <see cref="SnapshotKeyGroup"/> as of now, later and on another thread. Backends that can share or copy their
    /// state cheaply defer the serialization; by default every key group is serialized now.
    /// </summary>
    public virtual KeyedStateCapture CaptureKeyGroups()
    {
        var groups = new Dictionary<int, byte[]>(KeyGroupRange.Count);
        for (int group = KeyGroupRange.Start; group <= KeyGroupRange.End; group++) groups[group] = SnapshotKeyGroup(group);
        return new KeyedStateCapture.Serialized(groups);
    }

    /// <summary>Restores one key group from <see cref="SnapshotKeyGroup"/>; states not registered yet are applied when they are.</summary>
    public abstract void RestoreKeyGroup(int keyGroup, ReadOnlySpan<byte> snapshot);

    /// <summary>Whether checkpoints use <see cref="SnapshotIncremental"/> instead of per-key-group canonical snapshots.</summary>
    public virtual bool SupportsIncrementalSnapshots => false;

    /// <summary>
    /// Captures the state for checkpoint <paramref name="checkpointId"/> as files, of which only those not already in
    /// checkpoint storage are copied (asynchronously, by the checkpoint writer).
    /// </summary>
    public virtual IncrementalKeyedSnapshot SnapshotIncremental(long checkpointId) =>
        throw new NotSupportedException($"{GetType().Name} takes canonical snapshots only.");

    /// <summary>Restores from the incremental snapshots of the previous subtasks whose key groups overlap this backend's.</summary>
    public virtual void RestoreIncremental(IReadOnlyList<IncrementalKeyedSnapshot> snapshots) =>
        throw new NotSupportedException(
            $"The checkpoint holds incremental {snapshots.FirstOrDefault()?.BackendKind} state, which the {GetType().Name} cannot read. " +
            "Restore with the state backend that took it, or take a savepoint (canonical format) and restore from that.");

    /// <summary>Checkpoint <paramref name="checkpointId"/> completed: its files may be referenced by later incremental snapshots.</summary>
    public virtual void NotifyCheckpointComplete(long checkpointId) { }

    /// <summary>Releases native resources (local database files).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
