using System.Buffers;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>What the backend needs of each state's table: its column family and the canonical per-key-group format.</summary>
internal interface IRocksTable
{
    string Name { get; }

    /// <summary>Points the table at its column family (again after the database was replaced by a restore).</summary>
    void Bind(RocksDatabase database);

    /// <summary>Appends the canonical entries of one key group (fingerprint, count, entries), as the heap backend writes them.</summary>
    void WriteKeyGroup(int keyGroup, SnapshotWriter writer);

    /// <summary>Adds the canonical entries of one key group.</summary>
    void ReadKeyGroup(int keyGroup, ReadOnlySpan<byte> entries);
}

/// <summary>A state's column family and the encoding of its keys for the backend's current key.</summary>
internal abstract class RocksTableBase<TKey, TNamespace, TValue>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor)
    : KeyedStateTable<TNamespace, TValue>, IRocksTable
    where TKey : notnull where TNamespace : notnull
{
    private readonly SnapshotWriter _key = new();
    protected readonly StateSerializer<TKey> Keys = backend.KeySerializerForState;
    protected readonly StateSerializer<TNamespace> Namespaces = StateSerializers.Get<TNamespace>(descriptor.Name + " (namespace)");
    protected readonly ArrayBufferWriter<byte> ReadBuffer = new(256);
    protected readonly SnapshotWriter ValueBuffer = new();
    protected readonly long TtlMillis = descriptor.Ttl?.TtlMillis ?? 0;
    protected readonly bool RefreshOnRead = descriptor.Ttl?.RefreshOnRead ?? false;

    protected RocksKeyedStateBackend<TKey> Backend => backend;
    protected RocksDatabase Database { get; private set; } = null!;
    protected ColumnFamily Family { get; private set; } = null!;

    public string Name => descriptor.Name;

    public void Bind(RocksDatabase database)
    {
        Database = database;
        Family = database.GetOrCreateColumnFamily(descriptor.Name);
    }

    /// <summary>Key group ‖ current key ‖ <paramref name="ns"/>, in a buffer reused until the next call.</summary>
    protected SnapshotWriter KeyOf(TNamespace ns)
    {
        _key.Clear();
        _key.WriteRaw(backend.CurrentKeyPrefix);
        Namespaces.Write(_key, ns);
        return _key;
    }

    /// <summary>The stamp stored with a value: its write time when entries expire, else 0 (as the heap backend).</summary>
    protected long Stamp() => TtlMillis == 0 ? 0 : backend.CurrentTime();

    /// <summary>Whether an entry written at <paramref name="stamp"/> has expired.</summary>
    protected bool Expired(long stamp) => TtlMillis != 0 && backend.CurrentTime() - stamp >= TtlMillis;

    /// <summary>Reads the value of <paramref name="key"/> into <see cref="ReadBuffer"/>.</summary>
    protected bool Read(ReadOnlySpan<byte> key)
    {
        ReadBuffer.ResetWrittenCount();
        return Database.TryGet(Family, key, ReadBuffer);
    }

    /// <summary>Iterates the entries of one key group, calling <paramref name="visit"/> with each key (without the key-group prefix) and value.</summary>
    protected void ForEachInKeyGroup(int keyGroup, Action<ReadOnlySpan<byte>, ReadOnlySpan<byte>> visit)
    {
        using var iterator = Database.NewIterator(Family, RocksKeys.KeyGroupStart(keyGroup + 1));
        iterator.Seek(RocksKeys.KeyGroupStart(keyGroup));
        for (; iterator.Valid; iterator.Next()) visit(iterator.Key[RocksKeys.KeyGroupPrefixLength..], iterator.Value);
    }

    /// <summary>Reads the header of canonical entries (the value-schema fingerprint, unused: the generated readers match fields by id) and returns the entry count.</summary>
    protected static long ReadCanonicalHeader(ref SnapshotReader reader)
    {
        reader.ReadFixedLong();
        return reader.ReadVarLong();
    }

    /// <summary>Reads a canonical entry's key and namespace, returning where their bytes start and end.</summary>
    protected (int Start, int End) ReadKeyAndNamespace(ref SnapshotReader reader)
    {
        int start = reader.Position;
        Keys.Read(ref reader);
        Namespaces.Read(ref reader);
        return (start, reader.Position);
    }

    public abstract void WriteKeyGroup(int keyGroup, SnapshotWriter writer);

    public abstract void ReadKeyGroup(int keyGroup, ReadOnlySpan<byte> entries);
}
