using Compiled.Serialization;
using Compiled.State.Snapshots;

namespace Compiled.State.Heap;

/// <summary>
/// Keyed state on the managed heap, organised per key group: every state table holds one dictionary
/// per key group of this subtask's <see cref="KeyGroupRange"/>, so snapshots and rescaling move whole
/// key groups. Used from the owning task's thread only, so it takes no locks.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class HeapKeyedStateBackend<TKey> where TKey : notnull
{
    private readonly Dictionary<string, IStateTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, int KeyGroup), byte[]> _pendingRestore = [];
    private readonly Func<long> _clock;

    /// <summary>Creates a backend for the key groups in <paramref name="range"/>.</summary>
    /// <param name="keySerializer">Canonical key bytes, for key-group assignment.</param>
    /// <param name="range">Key groups owned by this subtask.</param>
    /// <param name="maxParallelism">Total number of key groups.</param>
    /// <param name="processingClock">Processing time in epoch milliseconds, for state TTL.</param>
    public HeapKeyedStateBackend(KeySerializer<TKey> keySerializer, KeyGroupRange range, int maxParallelism, Func<long> processingClock)
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

    internal int CurrentGroupIndex;

    internal long Now() => _clock();

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
    }

    /// <summary>Names of the registered states.</summary>
    public IEnumerable<string> StateNames => _tables.Keys;

    /// <summary>Number of entries (key, namespace) across all states, for tests and metrics.</summary>
    public long EntryCount => _tables.Values.Sum(t => t.Count);

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

    /// <summary>
    /// The state of one key group, as written in checkpoints: per state (in name order) its name and its entries.
    /// Key groups are the unit of rescaling: a key group's snapshot restores into whichever subtask owns it.
    /// </summary>
    public byte[] SnapshotKeyGroup(int keyGroup)
    {
        int index = LocalIndex(keyGroup);
        var writer = new SnapshotWriter();
        var entries = new SnapshotWriter();
        foreach (var (name, table) in _tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            entries = new SnapshotWriter();
            table.WriteKeyGroup(index, entries);
            writer.WriteString(name);
            writer.WriteBytes(entries.Written);
        }
        foreach (var ((name, group), bytes) in _pendingRestore.Where(p => p.Key.KeyGroup == keyGroup).OrderBy(p => p.Key.Table, StringComparer.Ordinal))
        {
            writer.WriteString(name); // restored state whose operator has not asked for it (yet): carried forward unchanged
            writer.WriteBytes(bytes);
        }
        return writer.Written.ToArray();
    }

    /// <summary>Restores one key group from <see cref="SnapshotKeyGroup"/>; states not registered yet are applied when they are.</summary>
    public void RestoreKeyGroup(int keyGroup, ReadOnlySpan<byte> snapshot)
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

    /// <summary>A state store whose states are scoped to <typeparamref name="TNamespace"/>, e.g. windows.</summary>
    public NamespacedStateStore<TKey, TNamespace> ForNamespace<TNamespace>() where TNamespace : notnull => new(this);
}
