using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb;

/// <summary>
/// Puts and deletes collected in memory and applied atomically by <see cref="RocksDatabase.Write"/>
/// (all or nothing, across column families). Operations apply in the order added. Reusable after
/// <see cref="Clear"/>. Not thread-safe.
/// </summary>
/// <remarks>
/// A batch is bound to the database of the first column family added to it (until <see cref="Clear"/>):
/// column families of another database are refused when added, and the batch can only be written to that
/// database. RocksDB itself would fail such a write only after applying the entries before the unknown
/// column family, breaking atomicity.
/// </remarks>
public sealed unsafe class RocksWriteBatch : IDisposable
{
    /// <summary>Creates an empty batch.</summary>
    /// <exception cref="DllNotFoundException">librocksdb is not installed; the message names the package.</exception>
    public RocksWriteBatch()
    {
        RocksDbLibrary.EnsureLoaded();
        Handle = WriteBatchHandle.Create();
    }

    internal WriteBatchHandle Handle { get; }

    /// <summary>The database the batch's operations belong to; null while empty.</summary>
    internal RocksDatabase? Database { get; private set; }

    /// <summary>Number of operations in the batch.</summary>
    public int Count => Native.rocksdb_writebatch_count(Handle);

    /// <summary>Adds a put of <paramref name="key"/> = <paramref name="value"/>.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key (copied).</param>
    /// <param name="value">The value (copied).</param>
    public void Put(ColumnFamily columnFamily, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var cf = Bind(columnFamily);
        fixed (byte* k = &RocksDatabase.NonNull(key))
        fixed (byte* v = &RocksDatabase.NonNull(value))
        {
            Native.rocksdb_writebatch_put_cf(Handle, cf, k, (nuint)key.Length, v, (nuint)value.Length);
        }
    }

    /// <summary>Adds a delete of <paramref name="key"/>.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key (copied).</param>
    public void Delete(ColumnFamily columnFamily, ReadOnlySpan<byte> key)
    {
        var cf = Bind(columnFamily);
        fixed (byte* k = &RocksDatabase.NonNull(key))
        {
            Native.rocksdb_writebatch_delete_cf(Handle, cf, k, (nuint)key.Length);
        }
    }

    /// <summary>Adds a delete of every key in [<paramref name="begin"/>, <paramref name="end"/>).</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="begin">First key removed (inclusive; copied).</param>
    /// <param name="end">First key kept (exclusive; copied); must not sort before <paramref name="begin"/>.</param>
    /// <exception cref="RocksDbException"><paramref name="end"/> sorts before <paramref name="begin"/>.</exception>
    public void DeleteRange(ColumnFamily columnFamily, ReadOnlySpan<byte> begin, ReadOnlySpan<byte> end)
    {
        RocksDatabase.CheckRange(begin, end);
        var cf = Bind(columnFamily);
        fixed (byte* b = &RocksDatabase.NonNull(begin))
        fixed (byte* e = &RocksDatabase.NonNull(end))
        {
            Native.rocksdb_writebatch_delete_range_cf(Handle, cf, b, (nuint)begin.Length, e, (nuint)end.Length);
        }
    }

    /// <summary>Removes all operations, keeping the allocated memory for reuse.</summary>
    public void Clear()
    {
        Native.rocksdb_writebatch_clear(Handle);
        Database = null;
    }

    private ColumnFamilyHandle Bind(ColumnFamily columnFamily)
    {
        ArgumentNullException.ThrowIfNull(columnFamily);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        if (Database is null) Database = columnFamily.Database;
        else if (!ReferenceEquals(Database, columnFamily.Database))
            throw new ArgumentException(
                $"Column family '{columnFamily.Name}' belongs to another database ({columnFamily.Database}) than this batch's ({Database}).",
                nameof(columnFamily));
        return columnFamily.Handle;
    }

    /// <summary>Frees the batch. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}
