using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb;

/// <summary>
/// A cursor over one column family in bytewise key order, reading a consistent snapshot taken when it was
/// opened (<see cref="RocksDatabase.NewIterator(ColumnFamily)"/>). Typical use:
/// <code>
/// using var it = db.NewIterator(cf);
/// for (it.Seek(prefix); it.Valid &amp;&amp; it.Key.StartsWith(prefix); it.Next()) Use(it.Key, it.Value);
/// </code>
/// Not thread-safe. <see cref="Key"/> and <see cref="Value"/> point into RocksDB's memory and are valid only
/// until the next move or <see cref="Dispose"/>: copy what must outlive that.
/// </summary>
public sealed unsafe class RocksIterator : IDisposable
{
    private readonly RocksDatabase _owner;
    private readonly IteratorHandle _handle;
    private bool _valid;

    internal RocksIterator(RocksDatabase owner, IteratorHandle handle)
    {
        _owner = owner;
        _handle = handle;
    }

    /// <summary>True when positioned on an entry; false before the first seek and after running off either end.</summary>
    public bool Valid => _valid;

    /// <summary>Positions on the first key.</summary>
    /// <exception cref="RocksDbException">Reading failed.</exception>
    public void SeekToFirst()
    {
        Native.rocksdb_iter_seek_to_first(_handle);
        Update();
    }

    /// <summary>Positions on the last key (below the upper bound, if any).</summary>
    /// <exception cref="RocksDbException">Reading failed.</exception>
    public void SeekToLast()
    {
        Native.rocksdb_iter_seek_to_last(_handle);
        Update();
    }

    /// <summary>Positions on the first key that is ≥ <paramref name="target"/> in bytewise order; with a prefix as
    /// target, that is the first key with that prefix if there is one.</summary>
    /// <param name="target">The key or prefix to seek.</param>
    /// <exception cref="RocksDbException">Reading failed.</exception>
    public void Seek(ReadOnlySpan<byte> target)
    {
        fixed (byte* t = &RocksDatabase.NonNull(target))
        {
            Native.rocksdb_iter_seek(_handle, t, (nuint)target.Length);
        }
        Update();
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="Valid"/>.</exception>
    /// <exception cref="RocksDbException">Reading failed.</exception>
    public void Next()
    {
        ThrowIfNotValid();
        Native.rocksdb_iter_next(_handle);
        Update();
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="Valid"/>.</exception>
    /// <exception cref="RocksDbException">Reading failed.</exception>
    public void Prev()
    {
        ThrowIfNotValid();
        Native.rocksdb_iter_prev(_handle);
        Update();
    }

    /// <summary>The current key; valid until the next move or <see cref="Dispose"/>.</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="Valid"/>.</exception>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            ThrowIfNotValid();
            nuint length = 0;
            byte* key = Native.rocksdb_iter_key(_handle, &length);
            return new ReadOnlySpan<byte>(key, checked((int)length));
        }
    }

    /// <summary>The current value; valid until the next move or <see cref="Dispose"/>.</summary>
    /// <exception cref="InvalidOperationException">Not <see cref="Valid"/>.</exception>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            ThrowIfNotValid();
            nuint length = 0;
            byte* value = Native.rocksdb_iter_value(_handle, &length);
            return new ReadOnlySpan<byte>(value, checked((int)length));
        }
    }

    /// <summary>Releases the iterator (and its snapshot). Idempotent.</summary>
    public void Dispose()
    {
        if (_handle.IsClosed) return;
        _owner.Forget(this);
        Close();
    }

    internal void Close()
    {
        _valid = false;
        _handle.Dispose();
    }

    private void Update()
    {
        _valid = Native.rocksdb_iter_valid(_handle) != 0;
        if (!_valid)
        {
            // Invalid means "ran off the end" or "failed": tell them apart.
            nint error = 0;
            Native.rocksdb_iter_get_error(_handle, &error);
            Native.ThrowIfError(error, "iterate");
        }
    }

    private void ThrowIfNotValid()
    {
        if (!_valid)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            throw new InvalidOperationException("The iterator is not positioned on an entry (seek first, and stop when Valid is false).");
        }
    }
}
