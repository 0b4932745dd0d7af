using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Tests.Backend;

/// <summary>
/// The canonical per-key-group format is backend-independent: what RocksDB writes the heap reads and the other way
/// round, for every kind of state, at the same or another key-group split (savepoints switch backends and rescale).
/// </summary>
public sealed class CanonicalSnapshotTests : IDisposable
{
    private const int Keys = 300;
    private readonly TempDir _dir = new();
    private readonly BackendFactory _backends;

    public CanonicalSnapshotTests() => _backends = new BackendFactory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    /// <summary>Every kind of state the tests fill and read, registered on <paramref name="backend"/>.</summary>
    private sealed class States(KeyedStateBackend<long> backend)
    {
        public readonly ValueState<string> Value = backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<string>("value"));
        public readonly ListState<long> List = backend.ForNamespace<VoidNamespace>().GetListState(new ListStateDescriptor<long>("list"));
        public readonly MapState<long, string> Map = backend.ForNamespace<VoidNamespace>().GetMapState(new MapStateDescriptor<long, string>("map"));
        public readonly ReducingState<long> Sum = backend.ForNamespace<VoidNamespace>().GetReducingState(new ReducingStateDescriptor<long>("sum", static (a, b) => a + b));
        public readonly NamespacedStateStore<long, long> Windows = backend.ForNamespace<long>();
        public ValueState<long> PerWindow => Windows.GetState(new ValueStateDescriptor<long>("per-window"));
    }

    private static void Fill(KeyedStateBackend<long> backend)
    {
        var states = new States(backend);
        var windows = states.Windows;
        var (value, list, map, sum, perWindow) = (states.Value, states.List, states.Map, states.Sum, states.PerWindow);
        for (long key = 0; key < Keys; key++)
        {
            backend.SetCurrentKey(key);
            value.Update("v" + key);
            for (long i = 0; i <= key % 4; i++)
            {
                list.Add(key * 10 + i);
                map.Put(i, $"{key}:{i}");
                sum.Add(i);
                windows.SetCurrentNamespace(i * 1000);
                perWindow.Update(key + i);
            }
        }
    }

    /// <summary>Reads every state of every key into one comparable list of lines.</summary>
    private static List<string> Dump(KeyedStateBackend<long> backend)
    {
        var states = new States(backend);
        var windows = states.Windows;
        var (value, list, map, sum, perWindow) = (states.Value, states.List, states.Map, states.Sum, states.PerWindow);
        var lines = new List<string>();
        for (long key = 0; key < Keys; key++)
        {
            int group = KeyGroups.KeyGroupOf(backend.KeySerializer.Hash(key), backend.MaxParallelism);
            if (!backend.KeyGroupRange.Contains(group)) continue;
            backend.SetCurrentKey(key);
            var windowValues = Enumerable.Range(0, 4).Select(i =>
            {
                windows.SetCurrentNamespace(i * 1000L);
                return perWindow.HasValue ? perWindow.Value.ToString() : "-";
            });
            lines.Add($"{key}|{value.Value}|{string.Join(',', list.Get())}|{string.Join(',', map.Entries.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"))}|{sum.Get()}|{string.Join(',', windowValues)}");
        }
        return lines;
    }

    private static void Transfer(KeyedStateBackend<long> from, KeyedStateBackend<long> to)
    {
        for (int group = to.KeyGroupRange.Start; group <= to.KeyGroupRange.End; group++)
            if (from.KeyGroupRange.Contains(group)) to.RestoreKeyGroup(group, from.SnapshotKeyGroup(group));
    }

    [Fact]
    public void RocksDbStateRestoresIntoTheHeap()
    {
        using var rocks = _backends.Rocks();
        Fill(rocks);
        using var heap = _backends.Heap();
        Transfer(rocks, heap);
        Assert.Equal(Dump(rocks), Dump(heap));
        Assert.Equal(Keys, Dump(heap).Count(l => !l.Contains("||")));
    }

    [Fact]
    public void HeapStateRestoresIntoRocksDb()
    {
        using var heap = _backends.Heap();
        Fill(heap);
        using var rocks = _backends.Rocks();
        Transfer(heap, rocks);
        Assert.Equal(Dump(heap), Dump(rocks));
    }

    [Fact]
    public void StatesRegisteredAfterTheRestoreReceiveTheirEntries()
    {
        using var heap = _backends.Heap();
        Fill(heap);
        using var rocks = _backends.Rocks();
        Transfer(heap, rocks); // nothing registered yet: entries wait for their state
        Assert.Empty(rocks.StateNames);
        Assert.Equal(Dump(heap), Dump(rocks));
    }

    [Fact]
    public void KeyGroupsSplitAcrossTwoRocksDbInstancesAndMergeBackIntoOneHeap()
    {
        using var whole = _backends.Heap();
        Fill(whole);
        using var left = _backends.Rocks(new KeyGroupRange(0, 63));
        using var right = _backends.Rocks(new KeyGroupRange(64, 127));
        Transfer(whole, left);
        Transfer(whole, right);
        using var merged = _backends.Heap();
        Transfer(left, merged);
        Transfer(right, merged);
        Assert.Equal(Dump(whole), Dump(merged));
        Assert.Equal(Dump(whole).Count, Dump(left).Count + Dump(right).Count);
    }

    [Fact]
    public void TheRocksDbSnapshotOfAKeyGroupHoldsTheSameEntriesAsTheHeaps()
    {
        using var heap = _backends.Heap();
        using var rocks = _backends.Rocks();
        Fill(heap);
        Fill(rocks);
        for (int group = 0; group < 128; group++)
        {
            // Entry order differs (hash table vs sorted keys); sizes and state names must not.
            var h = Sections(heap.SnapshotKeyGroup(group));
            var r = Sections(rocks.SnapshotKeyGroup(group));
            Assert.Equal(h.Keys, r.Keys);
            foreach (var name in h.Keys) Assert.Equal(h[name], r[name]);
        }
    }

    private static SortedDictionary<string, int> Sections(byte[] snapshot)
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var reader = new SnapshotReader(snapshot);
        while (!reader.End) result[reader.ReadString()!] = reader.ReadBytes().Length;
        return result;
    }
}
