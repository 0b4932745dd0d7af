using Compiled.Functions;
using Compiled.State.RocksDb.Backend;

namespace Compiled.State.RocksDb.Tests.Backend;

/// <summary>Every kind of keyed state on the RocksDB backend behaves as on the heap backend.</summary>
public sealed class RocksKeyedStateTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly BackendFactory _backends;

    public RocksKeyedStateTests() => _backends = new BackendFactory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private sealed class Average : IAggregateFunction<long, (long Sum, long Count), double>
    {
        public (long Sum, long Count) CreateAccumulator() => (0, 0);
        public (long Sum, long Count) Add(in long value, (long Sum, long Count) acc) => (acc.Sum + value, acc.Count + 1);
        public double GetResult((long Sum, long Count) acc) => acc.Count == 0 ? 0 : (double)acc.Sum / acc.Count;
        public (long Sum, long Count) Merge((long Sum, long Count) a, (long Sum, long Count) b) => (a.Sum + b.Sum, a.Count + b.Count);
    }

    private sealed class CountAbove4 : IAggregateFunction<long, long, string>
    {
        public long CreateAccumulator() => 0;
        public long Add(in long value, long acc) => value > 4 ? acc + 1 : acc;
        public string GetResult(long acc) => $"{acc} above 4";
        public long Merge(long a, long b) => a + b;
    }

    [Fact]
    public void ValueStatesAreSeparatePerKey()
    {
        using var backend = _backends.Rocks();
        var state = backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<string>("name", "none"));
        backend.SetCurrentKey(1);
        Assert.False(state.HasValue);
        Assert.Equal("none", state.Value);
        state.Update("one");
        backend.SetCurrentKey(2);
        state.Update("two");
        backend.SetCurrentKey(1);
        Assert.Equal("one", state.Value);
        state.Clear();
        Assert.False(state.HasValue);
        backend.SetCurrentKey(2);
        Assert.Equal("two", state.Value);
        Assert.Equal(1, backend.EntryCount);
    }

    [Fact]
    public void ListReducingAndAggregatingStatesAccumulate()
    {
        using var backend = _backends.Rocks();
        var store = backend.ForNamespace<VoidNamespace>();
        var list = store.GetListState(new ListStateDescriptor<long>("list"));
        var sum = store.GetReducingState(new ReducingStateDescriptor<long>("sum", static (a, b) => a + b));
        var avg = store.GetAggregatingState(new AggregatingStateDescriptor<long, long, string>("above", new CountAbove4()));
        backend.SetCurrentKey(7);
        foreach (long v in new long[] { 3, 5, 10 })
        {
            list.Add(v);
            sum.Add(v);
            avg.Add(v);
        }
        Assert.Equal([3L, 5, 10], list.Get());
        Assert.Equal(18, sum.Get());
        Assert.Equal("2 above 4", avg.Get());
        list.Update([1, 2]);
        Assert.Equal([1L, 2], list.Get());
        backend.SetCurrentKey(8);
        Assert.Empty(list.Get());
        Assert.False(sum.HasValue);
    }

    [Fact]
    public void MapStateSupportsLookupsIterationAndClear()
    {
        using var backend = _backends.Rocks();
        var map = backend.ForNamespace<VoidNamespace>().GetMapState(new MapStateDescriptor<string, long>("map"));
        backend.SetCurrentKey(1);
        Assert.True(map.IsEmpty);
        map.Put("b", 2);
        map.Put("a", 1);
        map.Put("c", 3);
        backend.SetCurrentKey(2);
        map.Put("a", 100);
        backend.SetCurrentKey(1);
        Assert.True(map.TryGetValue("a", out long a) && a == 1);
        Assert.True(map.ContainsKey("c"));
        Assert.True(map.Remove("c"));
        Assert.False(map.Remove("c"));
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, map.Entries.ToDictionary());
        map.Clear();
        Assert.True(map.IsEmpty);
        backend.SetCurrentKey(2);
        Assert.Equal(100, map.Entries.Single().Value);
    }

    [Fact]
    public void NamespacesSeparateTheStateOfOneKey()
    {
        using var backend = _backends.Rocks();
        var store = backend.ForNamespace<long>();
        var state = store.GetState(new ValueStateDescriptor<long>("count"));
        backend.SetCurrentKey(5);
        store.SetCurrentNamespace(1000);
        state.Update(1);
        store.SetCurrentNamespace(2000);
        state.Update(2);
        store.SetCurrentNamespace(1000);
        Assert.Equal(1, state.Value);
    }

    [Fact]
    public void EntriesExpireAfterTheirTimeToLive()
    {
        using var backend = _backends.Rocks();
        var store = backend.ForNamespace<VoidNamespace>();
        var value = store.GetState(new ValueStateDescriptor<long>("v") { Ttl = new StateTtlConfig(TimeSpan.FromSeconds(10)) });
        var map = store.GetMapState(new MapStateDescriptor<long, long>("m") { Ttl = new StateTtlConfig(TimeSpan.FromSeconds(10)) });
        backend.SetCurrentKey(1);
        _backends.Now = 1_000;
        value.Update(42);
        map.Put(1, 1);
        _backends.Now = 10_999;
        Assert.Equal(42, value.Value);
        map.Put(2, 2); // written later: lives longer
        _backends.Now = 11_000;
        Assert.False(value.HasValue);
        Assert.False(map.ContainsKey(1));
        Assert.Equal(2, map.Entries.Single().Key);
    }

    [Fact]
    public void AStateWhoseTypeHasNoSerializerFailsWhenRegisteredNamingTheState()
    {
        using var backend = _backends.Rocks();
        var error = Assert.Throws<NotSupportedException>(() =>
            backend.ForNamespace<VoidNamespace>().GetAggregatingState(new AggregatingStateDescriptor<long, (long, long), double>("avg", new Average())));
        Assert.Contains("State 'avg'", error.Message);
        Assert.Contains("[StreamRecord]", error.Message);
    }

    [Fact]
    public void AStateRegisteredTwiceWithAnotherTypeFailsClearly()
    {
        using var backend = _backends.Rocks();
        backend.GetTable<VoidNamespace, long>(new ValueStateDescriptor<long>("x"), () => Compiled.State.Snapshots.StateSerializers.Get<long>("x"));
        var error = Assert.Throws<InvalidOperationException>(() =>
            backend.GetTable<VoidNamespace, string>(new ValueStateDescriptor<string>("x"), () => Compiled.State.Snapshots.StateSerializers.Get<string>("x")));
        Assert.Contains("registered twice", error.Message);
    }

    [Fact]
    public void DisposingTheBackendDeletesItsLocalDatabase()
    {
        var backend = _backends.Rocks();
        backend.SetCurrentKey(1);
        backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<long>("v")).Update(1);
        Assert.NotEmpty(Directory.EnumerateDirectories(_dir.Path));
        backend.Dispose();
        Assert.Empty(Directory.EnumerateDirectories(_dir.Path));
    }

    [Fact]
    public void TheBackendIsNamedAsTheCommandLineFlagSpellsIt() => Assert.Equal("rocksdb", new RocksDbStateBackend(_dir.Path).Name);
}
