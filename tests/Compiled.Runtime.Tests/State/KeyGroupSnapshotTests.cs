using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.Windowing;

namespace Compiled.Tests.State;

public class KeyGroupSnapshotTests
{
    private const int MaxParallelism = 128;
    private static readonly ValueStateDescriptor<long> Count = new("count");
    private static readonly ValueStateDescriptor<long> WindowCount = new("window-count");
    private static readonly ListStateDescriptor<string> Names = new("names");
    private static readonly MapStateDescriptor<string, long> Seen = new("seen");
    private static readonly ValueStateDescriptor<long> Expiring = new("expiring") { Ttl = new StateTtlConfig(TimeSpan.FromSeconds(10)) };

    private static HeapKeyedStateBackend<long> Backend(KeyGroupRange range, Func<long>? clock = null) =>
        new(KeySerializers.Get<long>(), range, MaxParallelism, clock ?? (() => 0));

    private static void Fill(HeapKeyedStateBackend<long> backend)
    {
        var store = backend.ForNamespace<VoidNamespace>();
        var windows = backend.ForNamespace<TimeWindow>();
        for (long key = 0; key < 200; key++)
        {
            backend.SetCurrentKey(key);
            store.GetState(Count).Update(key * 10);
            store.GetListState(Names).Add("a" + key);
            store.GetListState(Names).Add("b" + key);
            store.GetMapState(Seen).Put("k" + (key % 3), key);
            windows.SetCurrentNamespace(new TimeWindow(key, key + 100));
            windows.GetState(WindowCount).Update(-key);
        }
    }

    private static Dictionary<int, byte[]> SnapshotAll(HeapKeyedStateBackend<long> backend) =>
        Enumerable.Range(backend.KeyGroupRange.Start, backend.KeyGroupRange.Count).ToDictionary(g => g, backend.SnapshotKeyGroup);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void KeyGroupsRestoreIntoAnyParallelism(int parallelism)
    {
        var source = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        Fill(source);
        var snapshot = SnapshotAll(source);

        for (int subtask = 0; subtask < parallelism; subtask++)
        {
            var target = Backend(KeyGroups.RangeOf(subtask, parallelism, MaxParallelism));
            foreach (int group in Enumerable.Range(target.KeyGroupRange.Start, target.KeyGroupRange.Count)) target.RestoreKeyGroup(group, snapshot[group]);

            var store = target.ForNamespace<VoidNamespace>();
            var windows = target.ForNamespace<TimeWindow>();
            int owned = 0;
            for (long key = 0; key < 200; key++)
            {
                int group = KeyGroups.KeyGroupOf(KeySerializers.Get<long>().Hash(key), MaxParallelism);
                if (!target.KeyGroupRange.Contains(group)) continue;
                owned++;
                target.SetCurrentKey(key);
                Assert.Equal(key * 10, store.GetState(Count).Value);
                Assert.Equal(["a" + key, "b" + key], store.GetListState(Names).Get());
                Assert.True(store.GetMapState(Seen).TryGetValue("k" + (key % 3), out long seen) && seen == key);
                windows.SetCurrentNamespace(new TimeWindow(key, key + 100));
                Assert.Equal(-key, windows.GetState(WindowCount).Value);
            }
            Assert.Equal(owned * 4, target.EntryCount); // per key: count, names, seen (one map) and one window's count
        }
    }

    [Fact]
    public void StateRegisteredAfterTheRestoreGetsItsEntries()
    {
        var source = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        Fill(source);
        var snapshot = SnapshotAll(source);
        var target = Backend(new KeyGroupRange(0, MaxParallelism - 1));

        foreach (var (group, bytes) in snapshot) target.RestoreKeyGroup(group, bytes);
        target.SetCurrentKey(7);

        Assert.Equal(70, target.ForNamespace<VoidNamespace>().GetState(Count).Value);
        Assert.Equal(snapshot[5], target.SnapshotKeyGroup(5)); // states not asked for yet are carried forward unchanged
    }

    [Fact]
    public void RecordStateCarriesItsSchemaFingerprint()
    {
        var descriptor = new ValueStateDescriptor<Compiled.Connectors.Nexmark.Bid>("last-bid");
        var bid = new Compiled.Connectors.Nexmark.Bid(1001, 2002, 300, "Google", "https://example.org/item", 1_700_000_000_000, "x");
        var source = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        source.SetCurrentKey(3);
        source.ForNamespace<VoidNamespace>().GetState(descriptor).Update(bid);
        int group = source.CurrentKeyGroup;

        var target = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        target.RestoreKeyGroup(group, source.SnapshotKeyGroup(group));
        target.SetCurrentKey(3);

        Assert.Equal(bid, target.ForNamespace<VoidNamespace>().GetState(descriptor).Value);
        var table = target.GetOrCreateTable<VoidNamespace, Compiled.Connectors.Nexmark.Bid>(descriptor,
            () => Compiled.State.Snapshots.StateSerializers.Get<Compiled.Connectors.Nexmark.Bid>(descriptor.Name));
        Assert.Equal(RecordSerializers.Get<Compiled.Connectors.Nexmark.Bid>().Fingerprint, table.RestoredFingerprint);
    }

    [Fact]
    public void TimeToLiveSurvivesTheRestore()
    {
        long now = 1_000;
        var source = Backend(new KeyGroupRange(0, MaxParallelism - 1), () => now);
        source.SetCurrentKey(1);
        source.ForNamespace<VoidNamespace>().GetState(Expiring).Update(42);
        var snapshot = SnapshotAll(source);

        var target = Backend(new KeyGroupRange(0, MaxParallelism - 1), () => now);
        foreach (var (group, bytes) in snapshot) target.RestoreKeyGroup(group, bytes);
        target.SetCurrentKey(1);
        var state = target.ForNamespace<VoidNamespace>().GetState(Expiring);

        now = 10_999;
        Assert.Equal(42, state.Value);
        now = 11_000;
        Assert.False(state.HasValue);
    }

    [Fact]
    public void StateWithoutASerializerFailsAtTheSnapshotNamingStateAndType()
    {
        var backend = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        backend.SetCurrentKey(1);
        backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<Uri>("links")).Update(new Uri("https://example.org"));

        var error = Assert.Throws<NotSupportedException>(() => backend.SnapshotKeyGroup(backend.CurrentKeyGroup));

        Assert.Contains("'links'", error.Message);
        Assert.Contains("System.Uri", error.Message);
        Assert.Contains("[StreamRecord]", error.Message);
    }

    [Fact]
    public void TruncatedSnapshotsFailWithTheOffset()
    {
        var source = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        Fill(source);
        var bytes = SnapshotAll(source).First(kv => kv.Value.Length > 20);
        var target = Backend(new KeyGroupRange(0, MaxParallelism - 1));
        target.SetCurrentKey(0);
        target.ForNamespace<VoidNamespace>().GetState(Count);

        var error = Assert.Throws<InvalidDataException>(() => target.RestoreKeyGroup(bytes.Key, bytes.Value.AsSpan(0, bytes.Value.Length - 3)));
        Assert.Contains("offset", error.Message);
    }
}

public class NamespacedStateStoreTests
{
    [Fact]
    public void AStateCreatedAfterTheNamespaceWasSetStartsInThatNamespace()
    {
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), new KeyGroupRange(0, 127), 128, () => 0);
        var windows = backend.ForNamespace<TimeWindow>();
        backend.SetCurrentKey(1);

        windows.SetCurrentNamespace(new TimeWindow(0, 10));
        windows.GetReducingState(new ReducingStateDescriptor<long>("count", static (a, b) => a + b)).Add(1); // first use creates the state
        windows.SetCurrentNamespace(new TimeWindow(10, 20));
        var count = windows.GetReducingState(new ReducingStateDescriptor<long>("count", static (a, b) => a + b));

        Assert.False(count.HasValue);
        windows.SetCurrentNamespace(new TimeWindow(0, 10));
        Assert.Equal(1, count.Get());
    }
}
