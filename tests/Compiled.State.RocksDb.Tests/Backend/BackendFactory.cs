using Compiled.Serialization;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;

namespace Compiled.State.RocksDb.Tests.Backend;

/// <summary>Keyed backends over all 128 key groups (or a sub-range), with a clock the test controls.</summary>
internal sealed class BackendFactory(string localDirectory)
{
    public long Now;

    public KeyedStateBackend<long> Rocks(KeyGroupRange? range = null, bool incremental = true) =>
        new RocksDbStateBackend(localDirectory) { Incremental = incremental }.CreateKeyedBackend(Parameters(range));

    public KeyedStateBackend<long> Heap(KeyGroupRange? range = null) => HeapStateBackend.Instance.CreateKeyedBackend(Parameters(range));

    private KeyedBackendParameters<long> Parameters(KeyGroupRange? range) =>
        new("op", 0, KeySerializers.Get<long>(), range ?? new KeyGroupRange(0, 127), 128, () => Now);
}
