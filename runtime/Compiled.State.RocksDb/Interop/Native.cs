using System.Runtime.InteropServices;

namespace Compiled.State.RocksDb.Interop;

/// <summary>
/// The subset of RocksDB's C API (include/rocksdb/c.h, 7.8) we use. Conventions of that API: errors are
/// returned through a trailing <c>char** errptr</c> that must be NULL on entry and receives a malloc()ed
/// message (freed with <c>rocksdb_free</c>); booleans are <c>unsigned char</c>; sizes are <c>size_t</c>.
/// Handle arguments are <see cref="SafeHandle"/>s so the generated stubs hold a reference for the duration of
/// the call (a concurrent Dispose cannot free an object in use); destructors take raw pointers.
/// </summary>
internal static unsafe partial class Native
{
    private const string Lib = RocksDbLibrary.ImportName;

    // Registers the resolver (RocksDbLibrary's static constructor) before any stub of this class can bind.
    static Native() => RocksDbLibrary.EnsureResolverRegistered();

    // ---- memory -------------------------------------------------------------------------------------
    [LibraryImport(Lib)] internal static partial void rocksdb_free(nint ptr);

    // ---- options ------------------------------------------------------------------------------------
    [LibraryImport(Lib)] internal static partial nint rocksdb_options_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_options_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_create_if_missing(OptionsHandle options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_create_missing_column_families(OptionsHandle options, byte value);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_write_buffer_size(OptionsHandle options, nuint size);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_set_compression(OptionsHandle options, int compression);
    [LibraryImport(Lib)] internal static partial void rocksdb_options_increase_parallelism(OptionsHandle options, int totalThreads);

    [LibraryImport(Lib)] internal static partial nint rocksdb_readoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_readoptions_set_iterate_upper_bound(nint options, byte* key, nuint keyLength);

    [LibraryImport(Lib)] internal static partial nint rocksdb_writeoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_writeoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_writeoptions_disable_WAL(WriteOptionsHandle options, int disable);

    [LibraryImport(Lib)] internal static partial nint rocksdb_flushoptions_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_flushoptions_destroy(nint options);
    [LibraryImport(Lib)] internal static partial void rocksdb_flushoptions_set_wait(FlushOptionsHandle options, byte wait);

    // ---- database and column families -----------------------------------------------------------------
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint rocksdb_open_column_families(OptionsHandle options, string name, int count,
        nint* names, nint* columnFamilyOptions, nint* handles, nint* errptr);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint* rocksdb_list_column_families(OptionsHandle options, string name, nuint* count, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_list_column_families_destroy(nint* list, nuint count);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint rocksdb_create_column_family(DbHandle db, OptionsHandle options, string name, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_drop_column_family(DbHandle db, ColumnFamilyHandle cf, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_column_family_handle_destroy(nint cf);
    [LibraryImport(Lib)] internal static partial void rocksdb_close(nint db);

    // ---- point operations -----------------------------------------------------------------------------
    [LibraryImport(Lib)]
    internal static partial void rocksdb_put_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, byte* value, nuint valueLength, nint* errptr);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_delete_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, nint* errptr);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_delete_range_cf(DbHandle db, WriteOptionsHandle options, ColumnFamilyHandle cf,
        byte* beginKey, nuint beginLength, byte* endKey, nuint endLength, nint* errptr);
    /// <summary>Returns NULL when the key is absent; otherwise a pinnable slice to destroy.</summary>
    [LibraryImport(Lib)]
    internal static partial nint rocksdb_get_pinned_cf(DbHandle db, ReadOptionsHandle options, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, nint* errptr);
    [LibraryImport(Lib)] internal static partial byte* rocksdb_pinnableslice_value(nint slice, nuint* length);
    [LibraryImport(Lib)] internal static partial void rocksdb_pinnableslice_destroy(nint slice);

    // ---- write batches --------------------------------------------------------------------------------
    [LibraryImport(Lib)] internal static partial nint rocksdb_writebatch_create();
    [LibraryImport(Lib)] internal static partial void rocksdb_writebatch_destroy(nint batch);
    [LibraryImport(Lib)] internal static partial void rocksdb_writebatch_clear(WriteBatchHandle batch);
    [LibraryImport(Lib)] internal static partial int rocksdb_writebatch_count(WriteBatchHandle batch);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_put_cf(WriteBatchHandle batch, ColumnFamilyHandle cf,
        byte* key, nuint keyLength, byte* value, nuint valueLength);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_delete_cf(WriteBatchHandle batch, ColumnFamilyHandle cf, byte* key, nuint keyLength);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_delete_range_cf(WriteBatchHandle batch, ColumnFamilyHandle cf,
        byte* beginKey, nuint beginLength, byte* endKey, nuint endLength);
    [LibraryImport(Lib)]
    internal static partial void rocksdb_write(DbHandle db, WriteOptionsHandle options, WriteBatchHandle batch, nint* errptr);

    // ---- iterators ------------------------------------------------------------------------------------
    [LibraryImport(Lib)] internal static partial nint rocksdb_create_iterator_cf(DbHandle db, nint readOptions, ColumnFamilyHandle cf);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_destroy(nint iterator);
    [LibraryImport(Lib)] internal static partial byte rocksdb_iter_valid(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek_to_first(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek_to_last(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_seek(IteratorHandle iterator, byte* key, nuint keyLength);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_next(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_prev(IteratorHandle iterator);
    [LibraryImport(Lib)] internal static partial byte* rocksdb_iter_key(IteratorHandle iterator, nuint* length);
    [LibraryImport(Lib)] internal static partial byte* rocksdb_iter_value(IteratorHandle iterator, nuint* length);
    [LibraryImport(Lib)] internal static partial void rocksdb_iter_get_error(IteratorHandle iterator, nint* errptr);

    // ---- flush and checkpoints ------------------------------------------------------------------------
    [LibraryImport(Lib)]
    internal static partial void rocksdb_flush_cf(DbHandle db, FlushOptionsHandle options, ColumnFamilyHandle cf, nint* errptr);
    [LibraryImport(Lib)] internal static partial nint rocksdb_checkpoint_object_create(DbHandle db, nint* errptr);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void rocksdb_checkpoint_create(CheckpointHandle checkpoint, string directory, ulong logSizeForFlush, nint* errptr);
    [LibraryImport(Lib)] internal static partial void rocksdb_checkpoint_object_destroy(nint checkpoint);

    /// <summary>
    /// Throws a <see cref="RocksDbException"/> carrying RocksDB's message if <paramref name="error"/> is set,
    /// freeing the native string first.
    /// </summary>
    internal static void ThrowIfError(nint error, string operation)
    {
        if (error != 0) Throw(error, operation);
    }

    private static void Throw(nint error, string operation)
    {
        string message;
        try
        {
            message = Marshal.PtrToStringUTF8(error) ?? "(no message)";
        }
        finally
        {
            rocksdb_free(error);
        }
        throw new RocksDbException(operation, message);
    }
}
