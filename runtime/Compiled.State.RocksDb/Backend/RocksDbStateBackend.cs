namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// Keyed state in RocksDB on local disk: state larger than memory, and incremental checkpoints (only SST files that
/// checkpoint storage does not hold yet are copied). One column family per state; keys ordered key group ‖ key ‖
/// namespace. Set it with <c>ExecutionConfig.StateBackend</c> or the job binary's <c>--state-backend rocksdb</c>.
/// </summary>
public sealed class RocksDbStateBackend : IStateBackend
{
    /// <summary>Creates the backend.</summary>
    /// <param name="localDirectory">Where the operators' databases live while the job runs (fast local disk); null
    /// for a directory under the system's temporary directory.</param>
    public RocksDbStateBackend(string? localDirectory = null)
    {
        LocalDirectory = Path.GetFullPath(localDirectory ?? Path.Combine(Path.GetTempPath(), "compiled-rocksdb"));
    }

    /// <summary>Where the operators' databases live while the job runs; each instance has its own subdirectory, deleted when it closes.</summary>
    public string LocalDirectory { get; }

    /// <summary>Whether checkpoints copy only new SST files (default) rather than writing every key group in the canonical format.</summary>
    public bool Incremental { get; init; } = true;

    /// <summary>Size of each column family's memtable in bytes, or null for RocksDB's default (64 MiB).</summary>
    public long? WriteBufferSize { get; init; }

    /// <inheritdoc />
    public string Name => "rocksdb";

    /// <inheritdoc />
    public KeyedStateBackend<TKey> CreateKeyedBackend<TKey>(KeyedBackendParameters<TKey> parameters) where TKey : notnull =>
        new RocksKeyedStateBackend<TKey>(parameters, this);
}
