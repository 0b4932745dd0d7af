using System.Globalization;
using Compiled.Checkpointing.Storage;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// Keyed state of one operator instance in its own RocksDB database. The WAL is off: durability comes from
/// checkpoints, which take a native RocksDB checkpoint (memtables flushed, SST files hard-linked) on the task thread
/// and leave the copying to the checkpoint writer. SST files are immutable, so a file that the last completed
/// checkpoint already stored is referenced again instead of copied.
/// </summary>
internal sealed class RocksKeyedStateBackend<TKey> : KeyedStateBackend<TKey> where TKey : notnull
{
    private const string Kind = "rocksdb";

    private readonly RocksDbStateBackend _config;
    private readonly string _instanceDirectory;
    private readonly string _instanceId = Guid.NewGuid().ToString("N")[..16];
    private readonly Dictionary<string, IRocksTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, int KeyGroup), byte[]> _pendingRestore = [];
    private readonly Dictionary<long, IReadOnlyList<SnapshotFile>> _pendingCheckpoints = [];
    private readonly SnapshotWriter _keyPrefix = new();
    private Dictionary<string, SnapshotFile> _storedSstFiles = new(StringComparer.Ordinal);
    private RocksDatabase _database;
    private int _generation;
    private bool _keyPrefixValid;

    public RocksKeyedStateBackend(KeyedBackendParameters<TKey> parameters, RocksDbStateBackend config)
        : base(parameters.KeySerializer, parameters.KeyGroupRange, parameters.MaxParallelism, parameters.ProcessingClock)
    {
        _config = config;
        KeySerializerForState = StateSerializers.Get<TKey>("keyed state (key)");
        string name = string.Concat(parameters.OperatorName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        _instanceDirectory = Path.Combine(config.LocalDirectory,
            $"{name}-{parameters.SubtaskIndex.ToString(CultureInfo.InvariantCulture)}-{_instanceId}");
        Directory.CreateDirectory(_instanceDirectory);
        _database = OpenDatabase(NextDatabasePath());
    }

    /// <summary>Serializer of keys in state keys (the snapshot format's, so canonical entries are the stored bytes).</summary>
    internal StateSerializer<TKey> KeySerializerForState { get; }

    /// <summary>Key group ‖ current key, computed once per key.</summary>
    internal ReadOnlySpan<byte> CurrentKeyPrefix
    {
        get
        {
            if (!_keyPrefixValid)
            {
                _keyPrefix.Clear();
                Span<byte> group = stackalloc byte[RocksKeys.KeyGroupPrefixLength];
                RocksKeys.WriteKeyGroup(group, CurrentKeyGroup);
                _keyPrefix.WriteRaw(group);
                KeySerializerForState.Write(_keyPrefix, CurrentKey);
                _keyPrefixValid = true;
            }
            return _keyPrefix.Written;
        }
    }

    internal long CurrentTime() => Now();

    protected override void OnCurrentKeyChanged() => _keyPrefixValid = false;

    private string NextDatabasePath() => Path.Combine(_instanceDirectory, "db-" + (_generation++).ToString(CultureInfo.InvariantCulture));

    private RocksDatabase OpenDatabase(string path) =>
        RocksDatabase.Open(path, new RocksDbOptions { DisableWal = true, WriteBufferSize = _config.WriteBufferSize });

    public override IEnumerable<string> StateNames => _tables.Keys;

    public override long EntryCount
    {
        get
        {
            long count = 0;
            foreach (var family in _database.ColumnFamilies)
            {
                if (family.Name == RocksDatabase.DefaultColumnFamilyName) continue;
                using var iterator = _database.NewIterator(family);
                for (iterator.SeekToFirst(); iterator.Valid; iterator.Next()) count++;
            }
            return count;
        }
    }

    private TTable Register<TTable>(StateDescriptor descriptor, Func<TTable> create) where TTable : class, IRocksTable
    {
        if (_tables.TryGetValue(descriptor.Name, out var existing))
        {
            return existing as TTable ?? throw new InvalidOperationException(
                $"State '{descriptor.Name}' was registered twice with different types; give each state a unique name.");
        }
        var table = create();
        table.Bind(_database);
        _tables.Add(descriptor.Name, table);
        foreach (var pending in _pendingRestore.Where(p => p.Key.Table == descriptor.Name).ToList())
        {
            table.ReadKeyGroup(pending.Key.KeyGroup, pending.Value);
            _pendingRestore.Remove(pending.Key);
        }
        return table;
    }

    private RocksValueTable<TKey, TNamespace, TValue> ValueTable<TNamespace, TValue>(StateDescriptor descriptor, Func<StateSerializer<TValue>> values)
        where TNamespace : notnull =>
        Register(descriptor, () => new RocksValueTable<TKey, TNamespace, TValue>(this, descriptor, values()));

    public override KeyedStateTable<TNamespace, TValue> GetTable<TNamespace, TValue>(StateDescriptor descriptor, Func<StateSerializer<TValue>> valueSerializer) =>
        ValueTable<TNamespace, TValue>(descriptor, valueSerializer);

    protected override NamespacedState<TNamespace, ValueState<T>> CreateValueState<TNamespace, T>(ValueStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ValueState<T>>.Of(new RocksValueState<TNamespace, T>(
            ValueTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.DefaultValue));

    protected override NamespacedState<TNamespace, ListState<T>> CreateListState<TNamespace, T>(ListStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ListState<T>>.Of(new RocksListState<TKey, TNamespace, T>(
            Register(descriptor, () => new RocksListTable<TKey, TNamespace, T>(this, descriptor, StateSerializers.Get<T>(descriptor.Name)))));

    protected override NamespacedState<TNamespace, MapState<TUserKey, TUserValue>> CreateMapState<TNamespace, TUserKey, TUserValue>(
        MapStateDescriptor<TUserKey, TUserValue> descriptor) =>
        NamespacedState<TNamespace, MapState<TUserKey, TUserValue>>.Of(new RocksMapState<TKey, TNamespace, TUserKey, TUserValue>(
            Register(descriptor, () => new RocksMapTable<TKey, TNamespace, TUserKey, TUserValue>(this, descriptor,
                StateSerializers.Get<TUserKey>(descriptor.Name), StateSerializers.Get<TUserValue>(descriptor.Name)))));

    protected override NamespacedState<TNamespace, ReducingState<T>> CreateReducingState<TNamespace, T>(ReducingStateDescriptor<T> descriptor) =>
        NamespacedState<TNamespace, ReducingState<T>>.Of(new RocksReducingState<TNamespace, T>(
            ValueTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.ReduceFunction));

    protected override NamespacedState<TNamespace, AggregatingState<TIn, TOut>> CreateAggregatingState<TNamespace, TIn, TAcc, TOut>(
        AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        NamespacedState<TNamespace, AggregatingState<TIn, TOut>>.Of(new RocksAggregatingState<TNamespace, TIn, TAcc, TOut>(
            ValueTable<TNamespace, TAcc>(descriptor, () => StateSerializers.Get<TAcc>(descriptor.Name)), descriptor.AggregateFunction));

    // ---- canonical snapshots (savepoints, non-incremental checkpoints) ------------------------------------------

    public override byte[] SnapshotKeyGroup(int keyGroup)
    {
        CheckOwned(keyGroup);
        var writer = new SnapshotWriter();
        var entries = new SnapshotWriter();
        foreach (var (name, table) in _tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            entries.Clear();
            table.WriteKeyGroup(keyGroup, entries);
            writer.WriteString(name);
            writer.WriteBytes(entries.Written);
        }
        foreach (var ((name, _), bytes) in _pendingRestore.Where(p => p.Key.KeyGroup == keyGroup).OrderBy(p => p.Key.Table, StringComparer.Ordinal))
        {
            writer.WriteString(name); // restored state whose operator has not asked for it (yet): carried forward unchanged
            writer.WriteBytes(bytes);
        }
        return writer.Written.ToArray();
    }

    public override void RestoreKeyGroup(int keyGroup, ReadOnlySpan<byte> snapshot)
    {
        CheckOwned(keyGroup);
        var reader = new SnapshotReader(snapshot);
        while (!reader.End)
        {
            string name = reader.ReadString() ?? throw new InvalidDataException($"Key group {keyGroup}: a state without a name.");
            var entries = reader.ReadBytes();
            if (_tables.TryGetValue(name, out var table)) table.ReadKeyGroup(keyGroup, entries);
            else _pendingRestore[(name, keyGroup)] = entries.ToArray();
        }
    }

    private void CheckOwned(int keyGroup)
    {
        if (!KeyGroupRange.Contains(keyGroup))
            throw new ArgumentOutOfRangeException(nameof(keyGroup), $"Key group {keyGroup} is not owned by this backend {KeyGroupRange}.");
    }

    // ---- incremental checkpoints ---------------------------------------------------------------------------------

    public override bool SupportsIncrementalSnapshots => _config.Incremental;

    public override IncrementalKeyedSnapshot SnapshotIncremental(long checkpointId)
    {
        if (_pendingRestore.Count > 0)
            throw new InvalidOperationException(
                $"Restored state of {string.Join(", ", _pendingRestore.Keys.Select(k => k.Table).Distinct())} was never registered by the operator, " +
                "and an incremental checkpoint cannot carry it: register every state in Open, or use Incremental = false.");
        string directory = Path.Combine(_instanceDirectory, "chk-" + checkpointId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        _database.CreateCheckpoint(directory);
        var files = new List<SnapshotFile>();
        foreach (string path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (!name.EndsWith(".sst", StringComparison.Ordinal)) files.Add(new SnapshotFile(name, path, sharedName: null));
            else if (_storedSstFiles.TryGetValue(name, out var stored)) files.Add(stored);
            else files.Add(new SnapshotFile(name, path, sharedName: $"{_instanceId}-{name}"));
        }
        _pendingCheckpoints[checkpointId] = files;
        var header = new SnapshotWriter();
        header.WriteVarLong(1); // format version
        header.WriteVarLong(_tables.Count);
        foreach (string name in _tables.Keys.Order(StringComparer.Ordinal)) header.WriteString(name);
        return new IncrementalKeyedSnapshot(Kind, KeyGroupRange, header.Written.ToArray(), files, directory);
    }

    public override void NotifyCheckpointComplete(long checkpointId)
    {
        if (_pendingCheckpoints.TryGetValue(checkpointId, out var files))
        {
            // SST files are immutable: those of the newest completed checkpoint can be referenced by the next one.
            _storedSstFiles = files.Where(f => f.SharedName is not null && f.StoragePath is not null).ToDictionary(f => f.Name, StringComparer.Ordinal);
        }
        foreach (long id in _pendingCheckpoints.Keys.Where(id => id <= checkpointId).ToList()) _pendingCheckpoints.Remove(id);
    }

    public override void RestoreIncremental(IReadOnlyList<IncrementalKeyedSnapshot> snapshots)
    {
        if (snapshots.FirstOrDefault(s => s.BackendKind != Kind) is { } foreign)
            throw new NotSupportedException($"The checkpoint holds incremental '{foreign.BackendKind}' state, which the RocksDB backend cannot read.");
        if (snapshots.Count == 1 && snapshots[0].KeyGroups == KeyGroupRange)
        {
            // Same key groups: the restored files become this instance's database as they are.
            string path = NextDatabasePath();
            Materialize(snapshots[0], path);
            ReplaceDatabase(OpenDatabase(path));
            return;
        }
        // Rescaled: copy the entries of this instance's key groups out of every overlapping previous database.
        foreach (var snapshot in snapshots)
        {
            string path = Path.Combine(_instanceDirectory, "restore-" + (_generation++).ToString(CultureInfo.InvariantCulture));
            Materialize(snapshot, path);
            using (var source = OpenDatabase(path)) CopyOwnedKeyGroups(source, snapshot.KeyGroups);
            Directory.Delete(path, recursive: true);
        }
    }

    private static void Materialize(IncrementalKeyedSnapshot snapshot, string path)
    {
        Directory.CreateDirectory(path);
        foreach (var file in snapshot.Files)
            StoredFiles.Restore(file.StoragePath!, Path.Combine(path, file.Name), file.Length, file.Crc32C);
    }

    private void CopyOwnedKeyGroups(RocksDatabase source, KeyGroupRange sourceRange)
    {
        int first = Math.Max(sourceRange.Start, KeyGroupRange.Start), last = Math.Min(sourceRange.End, KeyGroupRange.End);
        if (first > last) return;
        foreach (var family in source.ColumnFamilies)
        {
            if (family.Name == RocksDatabase.DefaultColumnFamilyName) continue;
            var target = _database.GetOrCreateColumnFamily(family.Name);
            using var iterator = source.NewIterator(family, RocksKeys.KeyGroupStart(last + 1));
            using var batch = new RocksWriteBatch();
            for (iterator.Seek(RocksKeys.KeyGroupStart(first)); iterator.Valid; iterator.Next())
            {
                batch.Put(target, iterator.Key, iterator.Value);
                if (batch.Count < 4096) continue;
                _database.Write(batch);
                batch.Clear();
            }
            if (batch.Count > 0) _database.Write(batch);
        }
    }

    private void ReplaceDatabase(RocksDatabase database)
    {
        string old = _database.Path;
        _database.Dispose();
        Directory.Delete(old, recursive: true);
        _database = database;
        foreach (var table in _tables.Values) table.Bind(database);
    }

    public override void Dispose()
    {
        _database.Dispose();
        if (Directory.Exists(_instanceDirectory)) Directory.Delete(_instanceDirectory, recursive: true);
        base.Dispose();
    }
}
