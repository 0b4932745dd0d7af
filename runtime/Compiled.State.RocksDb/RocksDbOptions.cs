namespace Compiled.State.RocksDb;

/// <summary>Block compression for SST files. Debian's librocksdb7.8 links all four.</summary>
public enum RocksCompression
{
    /// <summary>No compression: fastest, largest files.</summary>
    None = 0,
    /// <summary>Snappy (RocksDB's default).</summary>
    Snappy = 1,
    /// <summary>LZ4.</summary>
    Lz4 = 4,
    /// <summary>Zstandard.</summary>
    Zstd = 7,
}

/// <summary>
/// How <see cref="RocksDatabase.Open"/> opens a database. The same tuning applies to every column family,
/// including ones created later with <see cref="RocksDatabase.CreateColumnFamily"/>.
/// </summary>
public sealed class RocksDbOptions
{
    /// <summary>Create the database if it does not exist (default true). Only the last path component is
    /// created: the parent directory must exist.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Create the column families in <see cref="ColumnFamilies"/> that the database does not have yet
    /// (default true).</summary>
    public bool CreateMissingColumnFamilies { get; init; } = true;

    /// <summary>Column families to open besides <c>default</c> and those the database already has (all existing
    /// ones are always opened, as RocksDB requires).</summary>
    public IReadOnlyList<string> ColumnFamilies { get; init; } = [];

    /// <summary>Write without the write-ahead log (default false). Faster; unflushed writes are lost on a crash,
    /// so durability comes from checkpoints (<see cref="RocksDatabase.CreateCheckpoint"/> flushes first). A clean
    /// <see cref="RocksDatabase.Dispose"/> still persists them.</summary>
    public bool DisableWal { get; init; }

    /// <summary>Memtable size per column family in bytes before it is flushed to an SST file; null keeps RocksDB's
    /// default (64 MB).</summary>
    public long? WriteBufferSize { get; init; }

    /// <summary>SST block compression (default <see cref="RocksCompression.Snappy"/>, as RocksDB).</summary>
    public RocksCompression Compression { get; init; } = RocksCompression.Snappy;

    /// <summary>Background threads for flushes and compactions (<c>IncreaseParallelism</c>); null keeps RocksDB's
    /// default.</summary>
    public int? BackgroundThreads { get; init; }
}
