using System.Runtime.InteropServices;

namespace Compiled.State.RocksDb.Interop;

/// <summary>
/// Base of every owned native RocksDB object. A handle may hold a reference on a parent handle
/// (<see cref="SafeHandle.DangerousAddRef"/>) which it releases only after freeing its own object, so native
/// objects are destroyed children-first even when finalizers run in arbitrary order: a column family
/// handle, iterator or checkpoint object keeps its database open until it is itself destroyed.
/// </summary>
internal abstract class RocksHandle : SafeHandle
{
    private static long s_live;
    private SafeHandle? _parent;

    protected RocksHandle() : base(0, ownsHandle: true) { }

    /// <summary>Native objects currently owned by handles, process-wide (for leak tests).</summary>
    internal static long LiveCount => Interlocked.Read(ref s_live);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>Takes ownership of <paramref name="pointer"/>; on failure the object is freed before rethrowing.</summary>
    protected void Attach(nint pointer, SafeHandle? parent)
    {
        if (pointer == 0) throw new InvalidOperationException("RocksDB returned a null object without an error message.");
        if (parent is not null)
        {
            bool added = false;
            try
            {
                parent.DangerousAddRef(ref added);
            }
            catch
            {
                Free(pointer);
                throw;
            }
            _parent = parent;
        }
        Interlocked.Increment(ref s_live);
        SetHandle(pointer);
    }

    /// <summary>The raw pointer, for building native argument arrays while the owner keeps the handle alive.</summary>
    internal nint Pointer => handle;

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        Interlocked.Decrement(ref s_live);
        _parent?.DangerousRelease();
        _parent = null;
        return true;
    }

    /// <summary>Destroys the native object.</summary>
    protected abstract void Free(nint pointer);
}

internal sealed class DbHandle : RocksHandle
{
    internal static DbHandle Own(nint pointer) { var h = new DbHandle(); h.Attach(pointer, null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_close(pointer);
}

internal sealed class OptionsHandle : RocksHandle
{
    internal static OptionsHandle Create() { var h = new OptionsHandle(); h.Attach(Native.rocksdb_options_create(), null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_options_destroy(pointer);
}

internal sealed class ReadOptionsHandle : RocksHandle
{
    internal static ReadOptionsHandle Create() { var h = new ReadOptionsHandle(); h.Attach(Native.rocksdb_readoptions_create(), null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_readoptions_destroy(pointer);
}

internal sealed class WriteOptionsHandle : RocksHandle
{
    internal static WriteOptionsHandle Create() { var h = new WriteOptionsHandle(); h.Attach(Native.rocksdb_writeoptions_create(), null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_writeoptions_destroy(pointer);
}

internal sealed class FlushOptionsHandle : RocksHandle
{
    internal static FlushOptionsHandle Create() { var h = new FlushOptionsHandle(); h.Attach(Native.rocksdb_flushoptions_create(), null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_flushoptions_destroy(pointer);
}

/// <summary>A column family handle; keeps its database open until destroyed.</summary>
internal sealed class ColumnFamilyHandle : RocksHandle
{
    internal static ColumnFamilyHandle Own(nint pointer, DbHandle db) { var h = new ColumnFamilyHandle(); h.Attach(pointer, db); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_column_family_handle_destroy(pointer);
}

internal sealed class WriteBatchHandle : RocksHandle
{
    internal static WriteBatchHandle Create() { var h = new WriteBatchHandle(); h.Attach(Native.rocksdb_writebatch_create(), null); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_writebatch_destroy(pointer);
}

/// <summary>A checkpoint object; keeps its database open until destroyed.</summary>
internal sealed class CheckpointHandle : RocksHandle
{
    internal static CheckpointHandle Own(nint pointer, DbHandle db) { var h = new CheckpointHandle(); h.Attach(pointer, db); return h; }
    protected override void Free(nint pointer) => Native.rocksdb_checkpoint_object_destroy(pointer);
}

/// <summary>
/// An iterator together with the read options it was created with and the native copy of its upper bound:
/// RocksDB's C API keeps pointers to both (the options' <c>iterate_upper_bound</c> slice points at the
/// caller's bytes), so all three are freed together, iterator first. Keeps its column family (and so its
/// database) alive until destroyed.
/// </summary>
internal sealed class IteratorHandle : RocksHandle
{
    private nint _readOptions;
    private unsafe byte* _upperBound;

    internal static unsafe IteratorHandle Own(nint iterator, nint readOptions, byte* upperBound, ColumnFamilyHandle cf)
    {
        var h = new IteratorHandle { _readOptions = readOptions, _upperBound = upperBound };
        h.Attach(iterator, cf);
        return h;
    }

    protected override unsafe void Free(nint pointer)
    {
        Native.rocksdb_iter_destroy(pointer);
        if (_readOptions != 0) Native.rocksdb_readoptions_destroy(_readOptions);
        if (_upperBound != null) NativeMemory.Free(_upperBound);
        _readOptions = 0;
        _upperBound = null;
    }
}
