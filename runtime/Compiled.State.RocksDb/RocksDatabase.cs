using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb;

/// <summary>
/// An open RocksDB database: byte-string keys in bytewise order, grouped into column families.
/// </summary>
/// <remarks>
/// <para><b>Threads.</b> RocksDB itself is thread-safe for reads and writes, and so are this class's point
/// operations, <see cref="Write"/>, <see cref="NewIterator(ColumnFamily)"/>, <see cref="Flush()"/> and
/// <see cref="CreateCheckpoint"/>; column family creation and dropping are serialised by a lock.
/// <see cref="RocksIterator"/> and <see cref="RocksWriteBatch"/> are single-threaded objects. The engine uses
/// one thread per task (Flink's mailbox model), so in practice each database is used by one thread.
/// Disposing while another thread is inside a call is memory-safe (native objects are reference counted
/// through <see cref="SafeHandle"/>s and freed after the call) but that call or the next fails with
/// <see cref="ObjectDisposedException"/>.</para>
/// <para><b>Lifetime.</b> <see cref="Dispose"/> closes open iterators, then the column family handles, then
/// the database, as RocksDB requires.</para>
/// <para><b>Allocation.</b> <see cref="Put"/>, <see cref="Delete"/>, <see cref="DeleteRange"/> and the
/// <c>TryGet</c> overloads allocate no managed memory; <see cref="Get"/> allocates the returned array.</para>
/// </remarks>
public sealed unsafe class RocksDatabase : IDisposable
{
    /// <summary>Name of the column family every database has.</summary>
    public const string DefaultColumnFamilyName = "default";

    private static readonly byte[] s_nonNull = [0];

    private readonly Lock _lock = new();
    private readonly DbHandle _db;
    private readonly OptionsHandle _options;
    private readonly ReadOptionsHandle _readOptions;
    private readonly WriteOptionsHandle _writeOptions;
    private readonly FlushOptionsHandle _flushOptions;
    private readonly Dictionary<string, ColumnFamily> _columnFamilies = new(StringComparer.Ordinal);
    private readonly HashSet<RocksIterator> _iterators = [];
    private volatile bool _disposed;

    private RocksDatabase(string path, DbHandle db, OptionsHandle options, ReadOptionsHandle readOptions,
        WriteOptionsHandle writeOptions, FlushOptionsHandle flushOptions, bool walDisabled)
    {
        Path = path;
        _db = db;
        _options = options;
        _readOptions = readOptions;
        _writeOptions = writeOptions;
        _flushOptions = flushOptions;
        WalDisabled = walDisabled;
    }

    /// <summary>The database directory (absolute).</summary>
    public string Path { get; }

    /// <summary>True when writes skip the write-ahead log (<see cref="RocksDbOptions.DisableWal"/>).</summary>
    public bool WalDisabled { get; }

    /// <summary>The <c>default</c> column family.</summary>
    public ColumnFamily DefaultColumnFamily { get; private set; } = null!;

    /// <summary>The open column families, in no particular order.</summary>
    public IReadOnlyCollection<ColumnFamily> ColumnFamilies
    {
        get { lock (_lock) return [.. _columnFamilies.Values]; }
    }

    // ---- opening ------------------------------------------------------------------------------------------

    /// <summary>
    /// Opens (by default creating) the database at <paramref name="path"/>, with all its existing column families
    /// and those named in <see cref="RocksDbOptions.ColumnFamilies"/>.
    /// </summary>
    /// <param name="path">The database directory. RocksDB creates it if missing, but not its parent.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The open database.</returns>
    /// <exception cref="RocksDbException">The parent directory is missing, the database is locked by another
    /// open instance, corrupt, or otherwise cannot be opened; the message carries RocksDB's reason.</exception>
    /// <exception cref="DllNotFoundException">librocksdb is not installed; the message names the package.</exception>
    public static RocksDatabase Open(string path, RocksDbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new RocksDbOptions();
        RocksDbLibrary.EnsureLoaded();
        string full = CheckParentExists(path, "open database");

        OptionsHandle? nativeOptions = null;
        ReadOptionsHandle? readOptions = null;
        WriteOptionsHandle? writeOptions = null;
        FlushOptionsHandle? flushOptions = null;
        DbHandle? db = null;
        try
        {
            nativeOptions = CreateOptions(options);
            var names = new List<string> { DefaultColumnFamilyName };
            if (File.Exists(System.IO.Path.Combine(full, "CURRENT")))
            {
                foreach (string existing in ListColumnFamilies(nativeOptions, full))
                    if (!names.Contains(existing)) names.Add(existing);
            }
            foreach (string wanted in options.ColumnFamilies)
            {
                ArgumentException.ThrowIfNullOrEmpty(wanted, nameof(options.ColumnFamilies));
                if (!names.Contains(wanted)) names.Add(wanted);
            }

            nint[] handles = new nint[names.Count];
            db = OpenColumnFamilies(nativeOptions, full, names, handles);

            readOptions = ReadOptionsHandle.Create();
            writeOptions = WriteOptionsHandle.Create();
            Native.rocksdb_writeoptions_disable_WAL(writeOptions, options.DisableWal ? 1 : 0);
            flushOptions = FlushOptionsHandle.Create();
            Native.rocksdb_flushoptions_set_wait(flushOptions, 1);

            var database = new RocksDatabase(full, db, nativeOptions, readOptions, writeOptions, flushOptions, options.DisableWal);
            for (int i = 0; i < names.Count; i++)
            {
                var cf = new ColumnFamily(database, names[i], ColumnFamilyHandle.Own(handles[i], db));
                handles[i] = 0;
                database._columnFamilies.Add(names[i], cf);
            }
            database.DefaultColumnFamily = database._columnFamilies[DefaultColumnFamilyName];
            return database;
        }
        catch
        {
            // Children before the database (the handles already wrapped hold references on db anyway).
            flushOptions?.Dispose();
            writeOptions?.Dispose();
            readOptions?.Dispose();
            db?.Dispose();
            nativeOptions?.Dispose();
            throw;
        }
    }

    /// <summary>Lists the column families of the (closed) database at <paramref name="path"/>.</summary>
    /// <param name="path">The database directory.</param>
    /// <returns>The names, <c>default</c> included.</returns>
    /// <exception cref="RocksDbException">There is no readable database at <paramref name="path"/>.</exception>
    public static IReadOnlyList<string> ListColumnFamilies(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RocksDbLibrary.EnsureLoaded();
        using var options = OptionsHandle.Create();
        return ListColumnFamilies(options, System.IO.Path.GetFullPath(path));
    }

    private static string CheckParentExists(string path, string operation)
    {
        string full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        string? parent = System.IO.Path.GetDirectoryName(full);
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new RocksDbException(
                $"Cannot {operation} '{full}': the parent directory '{parent}' does not exist. " +
                "RocksDB creates only the last path component; create the parent directory first.");
        }
        if (File.Exists(full))
            throw new RocksDbException($"Cannot {operation} '{full}': it is a file, not a directory.");
        return full;
    }

    private static OptionsHandle CreateOptions(RocksDbOptions options)
    {
        var handle = OptionsHandle.Create();
        try
        {
            Native.rocksdb_options_set_create_if_missing(handle, options.CreateIfMissing ? (byte)1 : (byte)0);
            Native.rocksdb_options_set_create_missing_column_families(handle, options.CreateMissingColumnFamilies ? (byte)1 : (byte)0);
            if (options.WriteBufferSize is long size)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(size, 64 * 1024, nameof(options.WriteBufferSize));
                Native.rocksdb_options_set_write_buffer_size(handle, (nuint)size);
            }
            if (!Enum.IsDefined(options.Compression))
                throw new ArgumentOutOfRangeException(nameof(options), options.Compression, "Unknown compression.");
            Native.rocksdb_options_set_compression(handle, (int)options.Compression);
            if (options.BackgroundThreads is int threads)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(options.BackgroundThreads));
                Native.rocksdb_options_increase_parallelism(handle, threads);
            }
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static List<string> ListColumnFamilies(OptionsHandle options, string fullPath)
    {
        nint error = 0;
        nuint count = 0;
        nint* list = Native.rocksdb_list_column_families(options, fullPath, &count, &error);
        Native.ThrowIfError(error, $"list column families of '{fullPath}'");
        try
        {
            var names = new List<string>((int)count);
            for (nuint i = 0; i < count; i++) names.Add(Marshal.PtrToStringUTF8(list[i])!);
            return names;
        }
        finally
        {
            if (list != null) Native.rocksdb_list_column_families_destroy(list, count);
        }
    }

    private static DbHandle OpenColumnFamilies(OptionsHandle options, string fullPath, List<string> names, nint[] handles)
    {
        int n = names.Count;
        nint[] utf8Names = new nint[n];
        nint[] cfOptions = new nint[n];
        bool added = false;
        options.DangerousAddRef(ref added);
        try
        {
            for (int i = 0; i < n; i++)
            {
                utf8Names[i] = Marshal.StringToCoTaskMemUTF8(names[i]);
                cfOptions[i] = options.Pointer;
            }
            nint error = 0;
            nint db;
            fixed (nint* pNames = utf8Names)
            fixed (nint* pOptions = cfOptions)
            fixed (nint* pHandles = handles)
            {
                db = Native.rocksdb_open_column_families(options, fullPath, n, pNames, pOptions, pHandles, &error);
            }
            Native.ThrowIfError(error, $"open '{fullPath}'");
            return DbHandle.Own(db);
        }
        finally
        {
            foreach (nint p in utf8Names) if (p != 0) Marshal.FreeCoTaskMem(p);
            if (added) options.DangerousRelease();
        }
    }

    // ---- column families --------------------------------------------------------------------------------

    /// <summary>Returns the open column family named <paramref name="name"/>.</summary>
    /// <param name="name">The column family's name.</param>
    /// <returns>The column family.</returns>
    /// <exception cref="KeyNotFoundException">There is no such column family.</exception>
    public ColumnFamily GetColumnFamily(string name)
    {
        if (TryGetColumnFamily(name, out var cf)) return cf;
        throw new KeyNotFoundException($"RocksDB database '{Path}' has no column family '{name}'.");
    }

    /// <summary>Looks up an open column family by name.</summary>
    /// <param name="name">The column family's name.</param>
    /// <param name="columnFamily">The column family, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetColumnFamily(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ColumnFamily? columnFamily)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_lock)
        {
            ThrowIfDisposed();
            return _columnFamilies.TryGetValue(name, out columnFamily);
        }
    }

    /// <summary>Creates a column family with the database's options.</summary>
    /// <param name="name">A name the database does not have yet.</param>
    /// <returns>The new, open column family.</returns>
    /// <exception cref="RocksDbException">RocksDB refused, e.g. the name exists.</exception>
    public ColumnFamily CreateColumnFamily(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            ThrowIfDisposed();
            if (_columnFamilies.ContainsKey(name))
                throw new RocksDbException($"Cannot create column family '{name}' in '{Path}': it already exists.");
            nint error = 0;
            nint handle = Native.rocksdb_create_column_family(_db, _options, name, &error);
            Native.ThrowIfError(error, $"create column family '{name}' in '{Path}'");
            var cf = new ColumnFamily(this, name, ColumnFamilyHandle.Own(handle, _db));
            _columnFamilies.Add(name, cf);
            return cf;
        }
    }

    /// <summary>Returns the column family named <paramref name="name"/>, creating it if needed.</summary>
    /// <param name="name">The column family's name.</param>
    /// <returns>The open column family.</returns>
    public ColumnFamily GetOrCreateColumnFamily(string name)
    {
        lock (_lock)
            return TryGetColumnFamily(name, out var cf) ? cf : CreateColumnFamily(name);
    }

    /// <summary>Drops a column family and its data, and closes its handle. The <c>default</c> column family
    /// cannot be dropped. Iterators already open on it keep working until disposed.</summary>
    /// <param name="columnFamily">An open column family of this database.</param>
    /// <exception cref="RocksDbException">RocksDB refused.</exception>
    public void DropColumnFamily(ColumnFamily columnFamily)
    {
        lock (_lock)
        {
            var handle = Handle(columnFamily);
            nint error = 0;
            Native.rocksdb_drop_column_family(_db, handle, &error);
            Native.ThrowIfError(error, $"drop column family '{columnFamily.Name}' in '{Path}'");
            _columnFamilies.Remove(columnFamily.Name);
            handle.Dispose();
        }
    }

    // ---- point operations -----------------------------------------------------------------------------------

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key (any bytes, may be empty).</param>
    /// <param name="value">The value (any bytes, may be empty).</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    public void Put(ColumnFamily columnFamily, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var cf = Handle(columnFamily);
        nint error = 0;
        fixed (byte* k = &NonNull(key))
        fixed (byte* v = &NonNull(value))
        {
            Native.rocksdb_put_cf(_db, _writeOptions, cf, k, (nuint)key.Length, v, (nuint)value.Length, &error);
        }
        Native.ThrowIfError(error, "put");
    }

    /// <summary>Removes <paramref name="key"/> (no error if absent).</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key.</param>
    /// <exception cref="RocksDbException">The write failed.</exception>
    public void Delete(ColumnFamily columnFamily, ReadOnlySpan<byte> key)
    {
        var cf = Handle(columnFamily);
        nint error = 0;
        fixed (byte* k = &NonNull(key))
        {
            Native.rocksdb_delete_cf(_db, _writeOptions, cf, k, (nuint)key.Length, &error);
        }
        Native.ThrowIfError(error, "delete");
    }

    /// <summary>Removes every key in [<paramref name="begin"/>, <paramref name="end"/>) in bytewise order, with one
    /// range tombstone (cost independent of the number of keys).</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="begin">First key removed (inclusive).</param>
    /// <param name="end">First key kept (exclusive); must not sort before <paramref name="begin"/>.</param>
    /// <exception cref="RocksDbException">The write failed, or <paramref name="end"/> sorts before
    /// <paramref name="begin"/>.</exception>
    public void DeleteRange(ColumnFamily columnFamily, ReadOnlySpan<byte> begin, ReadOnlySpan<byte> end)
    {
        var cf = Handle(columnFamily);
        CheckRange(begin, end);
        nint error = 0;
        fixed (byte* b = &NonNull(begin))
        fixed (byte* e = &NonNull(end))
        {
            Native.rocksdb_delete_range_cf(_db, _writeOptions, cf, b, (nuint)begin.Length, e, (nuint)end.Length, &error);
        }
        Native.ThrowIfError(error, "delete range");
    }

    /// <summary>
    /// Reads the value of <paramref name="key"/> into <paramref name="destination"/> without allocating.
    /// </summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key.</param>
    /// <param name="destination">Receives the value when it fits.</param>
    /// <param name="valueLength">The value's length when found (0 otherwise). When it exceeds
    /// <paramref name="destination"/>'s length nothing was copied: retry with a larger buffer or use
    /// <see cref="TryGet(ColumnFamily, ReadOnlySpan{byte}, IBufferWriter{byte})"/>.</param>
    /// <returns>True when the key exists.</returns>
    /// <exception cref="RocksDbException">The read failed.</exception>
    public bool TryGet(ColumnFamily columnFamily, ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength)
    {
        nint slice = GetPinned(columnFamily, key);
        if (slice == 0)
        {
            valueLength = 0;
            return false;
        }
        try
        {
            var value = SliceValue(slice);
            valueLength = value.Length;
            if (value.Length <= destination.Length) value.CopyTo(destination);
            return true;
        }
        finally
        {
            Native.rocksdb_pinnableslice_destroy(slice);
        }
    }

    /// <summary>
    /// Appends the value of <paramref name="key"/> to <paramref name="destination"/> (e.g. a reused
    /// <see cref="ArrayBufferWriter{T}"/> or a pooled writer), whatever its length; allocates only if the writer
    /// has to grow.
    /// </summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key.</param>
    /// <param name="destination">Receives the value when found; untouched otherwise.</param>
    /// <returns>True when the key exists.</returns>
    /// <exception cref="RocksDbException">The read failed.</exception>
    public bool TryGet(ColumnFamily columnFamily, ReadOnlySpan<byte> key, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        nint slice = GetPinned(columnFamily, key);
        if (slice == 0) return false;
        try
        {
            var value = SliceValue(slice);
            value.CopyTo(destination.GetSpan(value.Length));
            destination.Advance(value.Length);
            return true;
        }
        finally
        {
            Native.rocksdb_pinnableslice_destroy(slice);
        }
    }

    /// <summary>Reads the value of <paramref name="key"/> into a new array.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when the key is absent.</returns>
    /// <exception cref="RocksDbException">The read failed.</exception>
    public byte[]? Get(ColumnFamily columnFamily, ReadOnlySpan<byte> key)
    {
        nint slice = GetPinned(columnFamily, key);
        if (slice == 0) return null;
        try
        {
            return SliceValue(slice).ToArray();
        }
        finally
        {
            Native.rocksdb_pinnableslice_destroy(slice);
        }
    }

    private nint GetPinned(ColumnFamily columnFamily, ReadOnlySpan<byte> key)
    {
        var cf = Handle(columnFamily);
        nint error = 0;
        nint slice;
        fixed (byte* k = &NonNull(key))
        {
            slice = Native.rocksdb_get_pinned_cf(_db, _readOptions, cf, k, (nuint)key.Length, &error);
        }
        if (error != 0)
        {
            if (slice != 0) Native.rocksdb_pinnableslice_destroy(slice);
            Native.ThrowIfError(error, "get");
        }
        return slice;
    }

    private static ReadOnlySpan<byte> SliceValue(nint slice)
    {
        nuint length = 0;
        byte* value = Native.rocksdb_pinnableslice_value(slice, &length);
        return new ReadOnlySpan<byte>(value, checked((int)length));
    }

    // ---- batches, iterators, flush, checkpoints --------------------------------------------------------------

    /// <summary>Applies every operation of <paramref name="batch"/> atomically: all or none become visible,
    /// also across column families and after a crash. The batch is left as it was (call
    /// <see cref="RocksWriteBatch.Clear"/> to reuse it).</summary>
    /// <param name="batch">The batch; its column families must belong to this database.</param>
    /// <exception cref="ArgumentException">The batch holds operations on another database.</exception>
    /// <exception cref="RocksDbException">The write failed; nothing was applied.</exception>
    public void Write(RocksWriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        if (batch.Database is { } owner && !ReferenceEquals(owner, this))
            throw new ArgumentException($"The batch holds operations on {owner}, not {this}.", nameof(batch));
        nint error = 0;
        Native.rocksdb_write(_db, _writeOptions, batch.Handle, &error);
        Native.ThrowIfError(error, "write batch");
    }

    /// <summary>Opens an iterator over a consistent snapshot of the column family (taken now), positioned
    /// nowhere: call <see cref="RocksIterator.SeekToFirst"/> or <see cref="RocksIterator.Seek"/> first.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <returns>The iterator; dispose it (the database disposes any left open).</returns>
    public RocksIterator NewIterator(ColumnFamily columnFamily) => CreateIterator(columnFamily, default, hasUpperBound: false);

    /// <summary>Opens an iterator that stops before <paramref name="upperBound"/> (exclusive), so scans of a key
    /// range (e.g. one prefix: bound = the prefix incremented) end without reading past it.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <param name="upperBound">First key not returned; copied.</param>
    /// <returns>The iterator; dispose it (the database disposes any left open).</returns>
    public RocksIterator NewIterator(ColumnFamily columnFamily, ReadOnlySpan<byte> upperBound) =>
        CreateIterator(columnFamily, upperBound, hasUpperBound: true);

    private RocksIterator CreateIterator(ColumnFamily columnFamily, ReadOnlySpan<byte> upperBound, bool hasUpperBound)
    {
        lock (_lock)
        {
            var cf = Handle(columnFamily);
            nint readOptions = Native.rocksdb_readoptions_create();
            byte* bound = null;
            nint iterator = 0;
            try
            {
                if (hasUpperBound)
                {
                    bound = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, upperBound.Length));
                    upperBound.CopyTo(new Span<byte>(bound, upperBound.Length));
                    Native.rocksdb_readoptions_set_iterate_upper_bound(readOptions, bound, (nuint)upperBound.Length);
                }
                iterator = Native.rocksdb_create_iterator_cf(_db, readOptions, cf);
            }
            catch
            {
                if (iterator != 0) Native.rocksdb_iter_destroy(iterator);
                Native.rocksdb_readoptions_destroy(readOptions);
                if (bound != null) NativeMemory.Free(bound);
                throw;
            }
            // Own() frees iterator, read options and bound if it fails.
            var result = new RocksIterator(this, IteratorHandle.Own(iterator, readOptions, bound, cf));
            _iterators.Add(result);
            return result;
        }
    }

    internal void Forget(RocksIterator iterator)
    {
        lock (_lock) _iterators.Remove(iterator);
    }

    /// <summary>Flushes the memtables of every column family to SST files and waits for it.</summary>
    /// <exception cref="RocksDbException">The flush failed.</exception>
    public void Flush()
    {
        foreach (var cf in ColumnFamilies) Flush(cf);
    }

    /// <summary>Flushes one column family's memtable to SST files and waits for it.</summary>
    /// <param name="columnFamily">The column family.</param>
    /// <exception cref="RocksDbException">The flush failed.</exception>
    public void Flush(ColumnFamily columnFamily)
    {
        var cf = Handle(columnFamily);
        nint error = 0;
        Native.rocksdb_flush_cf(_db, _flushOptions, cf, &error);
        Native.ThrowIfError(error, $"flush column family '{columnFamily.Name}'");
    }

    /// <summary>
    /// Writes a consistent, openable copy of the whole database (all column families) to
    /// <paramref name="directory"/>: memtables are flushed first (<c>log_size_for_flush = 0</c>, required when the
    /// WAL is disabled or the checkpoint would miss unflushed writes), then SST files are hard-linked (same file
    /// system) or copied. Opening a checkpoint modifies it: copy it before opening it as a database.
    /// </summary>
    /// <param name="directory">The checkpoint directory; must not exist yet, its parent must.</param>
    /// <exception cref="RocksDbException">The directory exists, its parent is missing, or RocksDB failed.</exception>
    public void CreateCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ThrowIfDisposed();
        string full = CheckParentExists(directory, "create a checkpoint at");
        if (Directory.Exists(full))
            throw new RocksDbException($"Cannot create a checkpoint at '{full}': the directory already exists (RocksDB creates it).");
        nint error = 0;
        nint pointer = Native.rocksdb_checkpoint_object_create(_db, &error);
        Native.ThrowIfError(error, $"create checkpoint object for '{Path}'");
        using var checkpoint = CheckpointHandle.Own(pointer, _db);
        Native.rocksdb_checkpoint_create(checkpoint, full, 0, &error);
        Native.ThrowIfError(error, $"create checkpoint '{full}'");
    }

    // ---- lifetime -------------------------------------------------------------------------------------------

    /// <summary>Closes open iterators, the column family handles, then the database (memtables are flushed on
    /// close, also with the WAL disabled). Idempotent.</summary>
    public void Dispose()
    {
        RocksIterator[] iterators;
        ColumnFamily[] families;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            iterators = [.. _iterators];
            _iterators.Clear();
            families = [.. _columnFamilies.Values];
            _columnFamilies.Clear();
        }
        foreach (var iterator in iterators) iterator.Close();
        foreach (var cf in families) cf.Handle.Dispose();
        _flushOptions.Dispose();
        _writeOptions.Dispose();
        _readOptions.Dispose();
        _db.Dispose();
        _options.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"RocksDB '{Path}'";

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private ColumnFamilyHandle Handle(ColumnFamily columnFamily)
    {
        ArgumentNullException.ThrowIfNull(columnFamily);
        ThrowIfDisposed();
        if (!ReferenceEquals(columnFamily.Database, this))
            throw new ArgumentException($"Column family '{columnFamily.Name}' belongs to {columnFamily.Database}, not {this}.", nameof(columnFamily));
        var handle = columnFamily.Handle;
        if (handle.IsClosed)
            throw new ObjectDisposedException($"column family '{columnFamily.Name}'", $"Column family '{columnFamily.Name}' of {this} was dropped.");
        return handle;
    }

    /// <summary>A pinnable reference that is never null, also for empty spans (RocksDB wants non-null pointers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref byte NonNull(ReadOnlySpan<byte> span) =>
        ref span.IsEmpty ? ref s_nonNull[0] : ref MemoryMarshal.GetReference(span);

    internal static void CheckRange(ReadOnlySpan<byte> begin, ReadOnlySpan<byte> end)
    {
        if (end.SequenceCompareTo(begin) < 0)
            throw new RocksDbException("Invalid delete range: the end key sorts before the begin key (the range is [begin, end) in bytewise order).");
    }
}
