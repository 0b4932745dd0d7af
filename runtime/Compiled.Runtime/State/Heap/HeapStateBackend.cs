namespace Compiled.State.Heap;

/// <summary>Keyed state in managed memory (the default): fastest access, snapshots per key group.</summary>
public sealed class HeapStateBackend : IStateBackend
{
    /// <summary>The shared instance.</summary>
    public static readonly HeapStateBackend Instance = new();

    /// <inheritdoc />
    public string Name => "heap";

    /// <inheritdoc />
    public KeyedStateBackend<TKey> CreateKeyedBackend<TKey>(KeyedBackendParameters<TKey> parameters) where TKey : notnull =>
        new HeapKeyedStateBackend<TKey>(parameters.KeySerializer, parameters.KeyGroupRange, parameters.MaxParallelism, parameters.ProcessingClock);
}
