using Compiled.Serialization;

namespace Compiled.State;

/// <summary>
/// Where keyed state lives: creates the keyed backend of each keyed operator instance. The heap backend is the
/// default; the RocksDB backend (Compiled.State.RocksDb) keeps state on local disk and checkpoints incrementally.
/// </summary>
public interface IStateBackend
{
    /// <summary>Short name, as the <c>--state-backend</c> flag spells it ("heap", "rocksdb").</summary>
    string Name { get; }

    /// <summary>Creates the keyed backend of one operator instance.</summary>
    KeyedStateBackend<TKey> CreateKeyedBackend<TKey>(KeyedBackendParameters<TKey> parameters) where TKey : notnull;
}

/// <summary>What a keyed backend is created for.</summary>
/// <param name="OperatorName">Name of the operator (names local files).</param>
/// <param name="SubtaskIndex">Index of the operator instance.</param>
/// <param name="KeySerializer">Canonical key bytes.</param>
/// <param name="KeyGroupRange">Key groups owned by the instance.</param>
/// <param name="MaxParallelism">Total number of key groups.</param>
/// <param name="ProcessingClock">Processing time in epoch milliseconds, for state TTL.</param>
public sealed record KeyedBackendParameters<TKey>(string OperatorName, int SubtaskIndex, KeySerializer<TKey> KeySerializer,
    KeyGroupRange KeyGroupRange, int MaxParallelism, Func<long> ProcessingClock) where TKey : notnull;
