using Compiled.Connectors;
using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.Tests.Support;

namespace Compiled.Tests.State;

public class KeyedStateTests
{
    private sealed class SumAggregate : IAggregateFunction<long, (long Sum, long Count), double>
    {
        public (long Sum, long Count) CreateAccumulator() => (0, 0);
        public (long Sum, long Count) Add(in long value, (long Sum, long Count) acc) => (acc.Sum + value, acc.Count + 1);
        public double GetResult((long Sum, long Count) acc) => acc.Count == 0 ? 0 : (double)acc.Sum / acc.Count;
        public (long Sum, long Count) Merge((long Sum, long Count) a, (long Sum, long Count) b) => (a.Sum + b.Sum, a.Count + b.Count);
    }

    /// <summary>Feeds each record into every kind of state and reports what the states hold for the key afterwards.</summary>
    private sealed class AllStates : KeyedProcessFunction<string, (string Key, long Value), string>
    {
        private ValueState<long>? _last;
        private ListState<long>? _list;
        private MapState<long, int>? _map;
        private ReducingState<long>? _max;
        private AggregatingState<long, double>? _avg;

        public override void Open()
        {
            _last = RuntimeContext.GetState(new ValueStateDescriptor<long>("last", -1));
            _list = RuntimeContext.GetListState(new ListStateDescriptor<long>("list"));
            _map = RuntimeContext.GetMapState(new MapStateDescriptor<long, int>("map"));
            _max = RuntimeContext.GetReducingState(new ReducingStateDescriptor<long>("max", Math.Max));
            _avg = RuntimeContext.GetAggregatingState(new AggregatingStateDescriptor<long, (long, long), double>("avg", new SumAggregate()));
        }

        public override void ProcessElement(in (string Key, long Value) value, KeyedContext<string> context, ICollector<string> output)
        {
            if (value.Value < 0)
            {
                _last!.Clear(); _list!.Clear(); _map!.Clear(); _max!.Clear(); _avg!.Clear();
                output.Collect($"{context.CurrentKey} cleared last={_last.Value} has={_last.HasValue} list={_list.Get().Count} map={_map.IsEmpty} max={_max.HasValue} avg={_avg.Get()}");
                return;
            }
            long previous = _last!.Value;
            _last.Update(value.Value);
            _list!.Add(value.Value);
            _map!.TryGetValue(value.Value % 3, out int n);
            _map.Put(value.Value % 3, n + 1);
            _max!.Add(value.Value);
            _avg!.Add(value.Value);
            string map = string.Join(",", _map.Entries.OrderBy(e => e.Key).Select(e => $"{e.Key}:{e.Value}"));
            output.Collect($"{context.CurrentKey} prev={previous} list=[{string.Join(",", _list.Get())}] map={map} max={_max.Get()} avg={_avg.Get()}");
        }
    }

    private static OperatorHarness<(string Key, long Value), string> Harness() =>
        new(InterpretedProcessOperators.Keyed(new AllStates(), static e => e.Key));

    [Fact]
    public void EveryStateKindHoldsItsOwnSemanticsPerKey()
    {
        using var h = Harness();
        h.Element(("a", 4)).Element(("b", 100)).Element(("a", 7)).Element(("a", 1)).Element(("b", 3));
        Assert.Equal(
        [
            "a prev=-1 list=[4] map=1:1 max=4 avg=4",
            "b prev=-1 list=[100] map=1:1 max=100 avg=100",
            "a prev=4 list=[4,7] map=1:2 max=7 avg=5.5",
            "a prev=7 list=[4,7,1] map=1:3 max=7 avg=4",
            "b prev=100 list=[100,3] map=0:1,1:1 max=100 avg=51.5",
        ], h.Values);
    }

    [Fact]
    public void ClearingStateOfOneKeyLeavesOtherKeysIntact()
    {
        using var h = Harness();
        h.Element(("a", 4)).Element(("b", 5)).Element(("a", -1)).Element(("b", 6)).Element(("a", 2));
        Assert.Equal(
        [
            "a prev=-1 list=[4] map=1:1 max=4 avg=4",
            "b prev=-1 list=[5] map=2:1 max=5 avg=5",
            "a cleared last=-1 has=False list=0 map=True max=False avg=0",
            "b prev=5 list=[5,6] map=0:1,2:1 max=6 avg=5.5",
            "a prev=-1 list=[2] map=2:1 max=2 avg=2",
        ], h.Values);
    }

    private sealed class CountPerKey : KeyedProcessFunction<long, long, (long Key, long Count)>
    {
        private ValueState<long>? _count;
        public override void Open() => _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));

        public override void ProcessElement(in long value, KeyedContext<long> context, ICollector<(long, long)> output)
        {
            _count!.Update(_count.Value + 1);
            output.Collect((context.CurrentKey, _count.Value));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void KeyedStateIsIsolatedPerKeyInAParallelJob(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var input = Enumerable.Range(0, 2000).Select(i => (long)(i % 37)).ToList();
        var sink = new CollectSink<(long Key, long Count)>();
        env.FromCollection(input).KeyBy(k => k).Process(new CountPerKey()).SinkTo(sink);
        env.Execute();

        foreach (var group in sink.Results.GroupBy(r => r.Key))
            Assert.Equal(Enumerable.Range(1, input.Count(k => k == group.Key)).Select(i => (long)i), group.Select(r => r.Count));
        Assert.Equal(37, sink.Results.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void StateEntriesAreStoredInTheirKeysKeyGroup()
    {
        var range = KeyGroups.RangeOf(1, 2, 128);
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), range, 128, () => 0);
        var descriptor = new ValueStateDescriptor<long>("v");
        var state = backend.ForNamespace<VoidNamespace>().GetState(descriptor);
        var owned = Enumerable.Range(0, 1000).Select(i => (long)i)
            .Where(k => range.Contains(KeyGroups.KeyGroupOf(Murmur3.Hash(k), 128))).Take(50).ToList();
        foreach (var key in owned)
        {
            backend.SetCurrentKey(key);
            state.Update(key * 10);
        }

        var table = backend.GetOrCreateTable<VoidNamespace, long>(descriptor, () => Compiled.State.Snapshots.StateSerializers.Get<long>(descriptor.Name));
        for (int g = 0; g < range.Count; g++)
        {
            foreach (var entry in table.EntriesOfGroup(g))
            {
                Assert.Equal(range.Start + g, KeyGroups.KeyGroupOf(Murmur3.Hash(entry.Key.Key), 128));
                Assert.Equal(entry.Key.Key * 10, entry.Value);
            }
        }
        Assert.Equal(owned.Count, backend.EntryCount);
    }

    [Fact]
    public void SettingAKeyOfAForeignKeyGroupFailsWithAClearMessage()
    {
        var range = KeyGroups.RangeOf(0, 2, 128);
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), range, 128, () => 0);
        long foreign = Enumerable.Range(0, 1000).Select(i => (long)i).First(k => !range.Contains(KeyGroups.KeyGroupOf(Murmur3.Hash(k), 128)));
        int group = KeyGroups.KeyGroupOf(Murmur3.Hash(foreign), 128);

        var ex = Assert.Throws<InvalidOperationException>(() => backend.SetCurrentKey(foreign));
        Assert.Contains($"Key '{foreign}' belongs to key group {group}", ex.Message);
        Assert.Contains("[0..63]", ex.Message);
        Assert.Contains("KeyBy", ex.Message);
    }

    [Fact]
    public void RegisteringOneStateNameWithTwoTypesFails()
    {
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), KeyGroups.RangeOf(0, 1, 128), 128, () => 0);
        backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<long>("x"));
        var ex = Assert.Throws<InvalidOperationException>(() => backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<string>("x")));
        Assert.Contains("'x'", ex.Message);
    }

    private sealed class UsesState : ProcessFunction<int, int>
    {
        public override void Open() => RuntimeContext.GetState(new ValueStateDescriptor<int>("s"));
        public override void ProcessElement(in int value, ProcessContext context, ICollector<int> output) => output.Collect(value);
    }

    [Fact]
    public void KeyedStateOnANonKeyedStreamFailsWithAClearMessage()
    {
        var op = InterpretedProcessOperators.NonKeyed(new UsesState());
        var ex = Assert.Throws<InvalidOperationException>(() => new OperatorHarness<int, int>(op));
        Assert.Contains("call KeyBy(...) before it", ex.Message);
    }
}
