using BenchmarkDotNet.Attributes;
using Compiled.Functions;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;

namespace Compiled.Benchmarks.Micro;

/// <summary>
/// The heap state backend as a keyed operator uses it, per access: set the current key, then read and update a value
/// (or add to an aggregate) of that key, over <see cref="Keys"/> distinct keys in random order.
/// Run with <c>./build.sh bench -- micro --filter *HeapStateBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class HeapStateBenchmarks
{
    private const int Accesses = 1 << 16;
    private const int MaxParallelism = 128;
    private long[] _keys = [];
    private int[] _keyGroups = [];
    private HeapKeyedStateBackend<long> _backend = null!;
    private ValueState<long> _count = null!;
    private AggregatingState<long, long> _sum = null!;

    /// <summary>Distinct keys.</summary>
    [Params(1_000, 100_000)]
    public int Keys { get; set; }

    private sealed class Sum : IAggregateFunction<long, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in long value, long accumulator) => accumulator + value;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    /// <summary>Creates the backend and states, and the access sequence with its key groups.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var serializer = KeySerializers.Get<long>();
        _backend = new HeapKeyedStateBackend<long>(serializer, new KeyGroupRange(0, MaxParallelism - 1), MaxParallelism, static () => 0);
        var store = _backend.ForNamespace<VoidNamespace>();
        _count = store.GetState(new ValueStateDescriptor<long>("count", 0));
        _sum = store.GetAggregatingState(new AggregatingStateDescriptor<long, long, long>("sum", new Sum()));
        var random = new Random(42);
        _keys = [.. Enumerable.Range(0, Accesses).Select(_ => (long)random.Next(Keys))];
        _keyGroups = [.. _keys.Select(k => KeyGroups.KeyGroupOf(serializer.Hash(k), MaxParallelism))];
    }

    /// <summary>Value state: get and update, key group known (as after a keyed exchange).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public long ValueGetUpdate()
    {
        long total = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            _backend.SetCurrentKey(_keys[i], _keyGroups[i]);
            long next = _count.Value + 1;
            _count.Update(next);
            total += next;
        }
        return total;
    }

    /// <summary>Value state: get and update, hashing the key to its key group each time.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public long ValueGetUpdateHashingKey()
    {
        long total = 0;
        for (int i = 0; i < _keys.Length; i++)
        {
            _backend.SetCurrentKey(_keys[i]);
            long next = _count.Value + 1;
            _count.Update(next);
            total += next;
        }
        return total;
    }

    /// <summary>Aggregating state: add one value (read-modify-write of the accumulator).</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public long AggregateAdd()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _backend.SetCurrentKey(_keys[i], _keyGroups[i]);
            _sum.Add(i);
        }
        return _sum.Get();
    }
}
