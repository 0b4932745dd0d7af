using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.Snapshots;
using Compiled.Windowing;

namespace Compiled.Tests.State;

/// <summary>
/// A heap state table's storage settles at a working size: keys that come and go across key groups reuse the storage
/// of emptied groups, and the groups of a balanced table grow together instead of each to its own next peak. The
/// entries themselves never move between keys: every read equals a plain dictionary fed the same operations.
/// </summary>
public class StateTableStorageTests
{
    private const int MaxParallelism = 128;

    private static HeapKeyedStateBackend<long> Backend() =>
        new(KeySerializers.Get<long>(), new KeyGroupRange(0, MaxParallelism - 1), MaxParallelism, () => 0);

    private static StateTable<long, TimeWindow, long> Table(HeapKeyedStateBackend<long> backend, string name = "table") =>
        (StateTable<long, TimeWindow, long>)backend.GetTable<TimeWindow, long>(new ValueStateDescriptor<long>(name), static () => StateSerializers.Get<long>("table"));

    private static long Capacity(StateTable<long, TimeWindow, long> table) =>
        Enumerable.Range(0, MaxParallelism).Sum(g => (long)table.CapacityOfGroup(g));

    [Fact]
    public void AKeyPerWindowReusesTheStorageOfTheGroupsEarlierWindowsLeftEmpty()
    {
        var backend = Backend();
        var table = Table(backend);
        var capacities = new List<long>();
        for (long end = 1; end <= 2_000; end++) // as q5's last stage: keyed by window end, one key at a time, cleared when it fires
        {
            backend.SetCurrentKey(end);
            table.Put(new TimeWindow(end - 1, end), end * 10);
            Assert.True(table.TryGet(new TimeWindow(end - 1, end), out long value));
            Assert.Equal(end * 10, value);
            Assert.True(table.Remove(new TimeWindow(end - 1, end)));
            capacities.Add(Capacity(table));
        }
        Assert.Equal(0, table.Count);
        Assert.All(capacities, c => Assert.Equal(capacities[0], c)); // one group's storage, passed on; each new group would otherwise add its own
    }

    [Fact]
    public void TheGroupsOfABalancedTableStopGrowingOnceTheTableHasSettled()
    {
        var backend = Backend();
        var table = Table(backend);
        var random = new Random(7);
        var open = new Queue<List<long>>();
        long capacityAfterWarmUp = 0;
        for (int window = 0; window < 150; window++) // as q7's first stage: per window the keys seen in it, two windows open at a time
        {
            var keys = Enumerable.Range(0, 4_480).Select(_ => random.NextInt64(1L << 40)).Distinct().ToList();
            var ns = new TimeWindow(window * 10L, window * 10L + 10);
            foreach (long key in keys)
            {
                backend.SetCurrentKey(key);
                table.Put(ns, key);
            }
            open.Enqueue(keys);
            if (open.Count == 2)
            {
                var closing = new TimeWindow((window - 1) * 10L, window * 10L);
                foreach (long key in open.Dequeue())
                {
                    backend.SetCurrentKey(key);
                    Assert.True(table.TryGet(closing, out long value));
                    Assert.Equal(key, value);
                    Assert.True(table.Remove(closing));
                }
            }
            if (window == 20) capacityAfterWarmUp = Capacity(table);
        }
        Assert.Equal(capacityAfterWarmUp, Capacity(table));
    }

    [Fact]
    public void AGroupFarFullerThanTheOthersGrowsAlone()
    {
        var backend = Backend();
        var table = Table(backend);
        for (long key = 0; key < 256; key++) // a few entries in every group
        {
            backend.SetCurrentKey(key);
            table.Put(new TimeWindow(0, 1), key);
        }
        long small = Enumerable.Range(0, MaxParallelism).Max(table.CapacityOfGroup);
        backend.SetCurrentKey(1_000);
        for (long start = 0; start < 10_000; start++) table.Put(new TimeWindow(start, start + 1), start); // one key with many windows
        int hot = backend.CurrentGroupIndex;
        Assert.True(table.CapacityOfGroup(hot) >= 10_000);
        for (int g = 0; g < MaxParallelism; g++)
            if (g != hot) Assert.True(table.CapacityOfGroup(g) <= small, $"group {g} grew to {table.CapacityOfGroup(g)} with the hot group");
    }

    [Fact]
    public void RandomPutsAndRemovesWithSnapshotsGiveWhatADictionaryGives()
    {
        var backend = Backend();
        var table = Table(backend);
        var model = new Dictionary<(long, TimeWindow), long>();
        var random = new Random(3);
        for (int round = 0; round < 40; round++)
        {
            var expected = Enumerable.Range(0, MaxParallelism).Select(backend.SnapshotKeyGroup).ToList();
            using var capture = round % 2 == 0 ? backend.CaptureKeyGroups() : null; // half the rounds change the state while a snapshot shares it
            // Phases of mostly adds and mostly removes, over few keys then many, so groups empty, lend their storage and grow.
            int keys = round % 4 < 2 ? 40 : 4_000;
            double removes = round % 3 == 0 ? 0.8 : 0.3;
            for (int i = 0; i < 5_000; i++)
            {
                long key = random.NextInt64(keys);
                var ns = new TimeWindow(random.Next(3), 10);
                backend.SetCurrentKey(key);
                if (random.NextDouble() < removes)
                {
                    Assert.Equal(model.Remove((key, ns)), table.Remove(ns));
                }
                else
                {
                    long value = random.NextInt64();
                    table.Put(ns, value);
                    model[(key, ns)] = value;
                }
            }
            if (capture is not null)
                for (int g = 0; g < MaxParallelism; g++) Assert.True(expected[g].AsSpan().SequenceEqual(capture.WriteKeyGroup(g)), $"round {round}: key group {g} differs from the state at capture");
            Assert.Equal(model.Count, table.Count);
            foreach (var ((key, ns), value) in model)
            {
                backend.SetCurrentKey(key);
                Assert.True(table.TryGet(ns, out long stored), $"round {round}: ({key}, {ns}) missing");
                Assert.Equal(value, stored);
            }
        }
    }
}
