using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.Snapshots;
using Compiled.Windowing;

namespace Compiled.Tests.State;

/// <summary>
/// Heap snapshots are captured by sharing the live tables (copy on write): whatever the task changes in place after the
/// capture, the written snapshot must equal the state serialized synchronously at the capture (the oracle).
/// </summary>
public class CopyOnWriteSnapshotTests
{
    private const int MaxParallelism = 128;
    private const int Keys = 300;

    public CopyOnWriteSnapshotTests() => Tally.Register();

    /// <summary>Every state kind of one backend, changed in place by random operations.</summary>
    private sealed class AllKinds
    {
        private static readonly TimeWindow[] Windows = [new(0, 10), new(10, 20), new(20, 30)];

        private readonly ValueState<Tally> _value;
        private readonly ListState<Tally> _tallies;
        private readonly ListState<long> _longs;
        private readonly MapState<string, Tally> _map;
        private readonly ReducingState<Tally> _reduced;
        private readonly AggregatingState<long, double> _average;
        private readonly ValueState<long> _counter;
        private readonly StateTable<long, TimeWindow, List<Tally>> _windowContents;

        public AllKinds()
        {
            Backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), new KeyGroupRange(0, MaxParallelism - 1), MaxParallelism, () => 0);
            var store = Backend.ForNamespace<VoidNamespace>();
            _value = store.GetState(new ValueStateDescriptor<Tally>("value"));
            _tallies = store.GetListState(new ListStateDescriptor<Tally>("tallies"));
            _longs = store.GetListState(new ListStateDescriptor<long>("longs"));
            _map = store.GetMapState(new MapStateDescriptor<string, Tally>("map"));
            _reduced = store.GetReducingState(new ReducingStateDescriptor<Tally>("reduced", static (a, b) =>
            {
                a.Count += b.Count; // changes the stored accumulator in place
                a.Recent.Add(b.Count);
                return a;
            }));
            _average = store.GetAggregatingState(new AggregatingStateDescriptor<long, Average, double>("average", new InPlaceAverage()));
            _counter = store.GetState(new ValueStateDescriptor<long>("counter"));
            _windowContents = (StateTable<long, TimeWindow, List<Tally>>)Backend.GetTable<TimeWindow, List<Tally>>(new ListStateDescriptor<Tally>("window-contents"),
                static () => new ListStateSerializer<Tally>(StateSerializers.Get<Tally>("window-contents")));
        }

        public HeapKeyedStateBackend<long> Backend { get; }

        /// <summary>The whole state serialized now, per key group: what a synchronous snapshot at this point holds.</summary>
        public Dictionary<int, byte[]> Serialized() =>
            Enumerable.Range(0, MaxParallelism).ToDictionary(g => g, Backend.SnapshotKeyGroup);

        public void Change(Random random, int operations)
        {
            for (int i = 0; i < operations; i++)
            {
                Backend.SetCurrentKey(random.NextInt64(Keys));
                long x = random.Next(1000);
                switch (random.Next(14))
                {
                    case 0:
                        if (_value.Value is { } tally)
                        {
                            tally.Count++;
                            tally.Recent.Add(x);
                            tally.Label += (char)('a' + x % 26);
                        }
                        else _value.Update(new Tally { Count = x, Label = "v" });
                        break;
                    case 1:
                        if (x < 100) _value.Clear();
                        else _value.Update(new Tally { Count = -x });
                        break;
                    case 2: _tallies.Add(new Tally { Count = x }); break;
                    case 3:
                        if (_tallies.Get() is { Count: > 0 } list) list[(int)(x % list.Count)].Recent.Add(x);
                        break;
                    case 4: _longs.Add(x); break;
                    case 5: _map.Put("k" + x % 5, new Tally { Count = x }); break;
                    case 6:
                        if (_map.TryGetValue("k" + x % 5, out var entry)) entry.Count += 7;
                        else _map.Remove("k" + (x + 1) % 5);
                        break;
                    case 7:
                        foreach (var e in _map.Entries) e.Value.Recent.Add(x);
                        break;
                    case 8: _reduced.Add(new Tally { Count = x }); break;
                    case 9: _average.Add(x); break;
                    case 10: _counter.Update(_counter.Value + x); break;
                    case 11:
                    {
                        // as the window operator's heap path: the table's own contents, changed in place
                        ref var contents = ref _windowContents.GetOrAdd(Windows[x % 3], out bool existed);
                        if (!existed) contents.Value = [];
                        contents.Value.Add(new Tally { Count = x });
                        contents.Value[0].Count++;
                        break;
                    }
                    case 12:
                        if (_windowContents.TryGet(Windows[x % 3], out var window) && window.Count > 0) window[^1].Label += "w";
                        break;
                    default:
                        if (x < 300) _windowContents.Remove(Windows[x % 3]);
                        else _ = _average.Get();
                        break;
                }
            }
        }
    }

    private static void AssertWrites(Dictionary<int, byte[]> expected, KeyedStateCapture capture)
    {
        for (int group = 0; group < MaxParallelism; group++)
            Assert.True(expected[group].AsSpan().SequenceEqual(capture.WriteKeyGroup(group)), $"key group {group} differs from the state at capture");
    }

    [Fact]
    public void SnapshotWrittenAfterInPlaceChangesEqualsTheStateAtCapture()
    {
        var state = new AllKinds();
        var random = new Random(11);
        state.Change(random, 5_000);
        for (int round = 0; round < 12; round++)
        {
            var expected = state.Serialized();
            using var capture = state.Backend.CaptureKeyGroups();
            state.Change(random, 2_000);
            Assert.NotEqual(expected.Values.SelectMany(b => b), state.Serialized().Values.SelectMany(b => b)); // the changes touched the live state
            AssertWrites(expected, capture);
        }
        Assert.True(state.Backend.Versions.ValueCopies > 0);
    }

    [Fact]
    public async Task SnapshotWrittenOnAnotherThreadWhileTheTaskChangesTheStateEqualsTheStateAtCapture()
    {
        var state = new AllKinds();
        var random = new Random(5);
        state.Change(random, 5_000);
        for (int round = 0; round < 6; round++)
        {
            var expected = state.Serialized();
            using var capture = state.Backend.CaptureKeyGroups();
            var written = Task.Run(() => Enumerable.Range(0, MaxParallelism).Select(capture.WriteKeyGroup).ToList());
            state.Change(random, 3_000);
            var bytes = await written;
            for (int group = 0; group < MaxParallelism; group++) Assert.Equal(expected[group], bytes[group]);
        }
    }

    [Fact]
    public void OverlappingSnapshotsEachKeepTheStateOfTheirCapture()
    {
        var state = new AllKinds();
        var random = new Random(3);
        state.Change(random, 3_000);
        var running = new List<(Dictionary<int, byte[]> Expected, KeyedStateCapture Capture)>();
        for (int step = 0; step < 60; step++)
        {
            int action = random.Next(3);
            if (action == 0 && running.Count < 3) running.Add((state.Serialized(), state.Backend.CaptureKeyGroups()));
            else if (action == 1 && running.Count > 0)
            {
                var (expected, capture) = running[random.Next(running.Count)]; // released in any order, not only oldest first
                running.Remove((expected, capture));
                AssertWrites(expected, capture);
                capture.Dispose();
            }
            else state.Change(random, 400);
        }
        foreach (var (expected, capture) in running)
        {
            AssertWrites(expected, capture);
            capture.Dispose();
        }
        Assert.Equal(0, state.Backend.Versions.Running);
    }

    [Fact]
    public void ValuesAreCopiedOnlyWhileASnapshotRunsAndOnlyOncePerSnapshot()
    {
        Tally.Register();
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), new KeyGroupRange(0, MaxParallelism - 1), MaxParallelism, () => 0);
        var store = backend.ForNamespace<VoidNamespace>();
        var tallies = store.GetState(new ValueStateDescriptor<Tally>("tallies"));
        var counters = store.GetState(new ValueStateDescriptor<long>("counters"));
        void ChangeAll()
        {
            for (long key = 0; key < Keys; key++)
            {
                backend.SetCurrentKey(key);
                if (tallies.Value is { } t) t.Count++;
                else tallies.Update(new Tally());
                counters.Update(counters.Value + 1);
            }
        }

        ChangeAll();
        ChangeAll();
        Assert.Equal((0, 0), (backend.Versions.ValueCopies, backend.Versions.GroupCopies)); // no snapshot: nothing copied

        var capture = backend.CaptureKeyGroups();
        ChangeAll();
        long groupsCopied = backend.Versions.GroupCopies;
        Assert.Equal(Keys, backend.Versions.ValueCopies); // every mutable value once; the longs are replaced, never copied
        Assert.InRange(groupsCopied, 1, 2 * MaxParallelism); // each table copies a key group once, when first changed
        ChangeAll();
        Assert.Equal((Keys, groupsCopied), (backend.Versions.ValueCopies, backend.Versions.GroupCopies)); // copied already for this snapshot

        capture.Dispose();
        capture.Dispose(); // again is a no-op
        Assert.Equal(0, backend.Versions.Running);
        ChangeAll();
        Assert.Equal((Keys, groupsCopied), (backend.Versions.ValueCopies, backend.Versions.GroupCopies)); // released: copying stopped

        using var next = backend.CaptureKeyGroups();
        ChangeAll();
        Assert.Equal(2 * Keys, backend.Versions.ValueCopies); // a new snapshot protects the values again
    }

    [Fact]
    public void ReadingValuesWithoutChangingThemCopiesNothing()
    {
        var state = new AllKinds();
        state.Change(new Random(9), 3_000);
        var store = state.Backend.ForNamespace<VoidNamespace>();
        var value = store.GetState(new ValueStateDescriptor<Tally>("value"));
        var map = store.GetMapState(new MapStateDescriptor<string, Tally>("map"));
        using var capture = state.Backend.CaptureKeyGroups();
        for (long key = 0; key < Keys; key++)
        {
            state.Backend.SetCurrentKey(key);
            _ = value.HasValue;
            _ = map.ContainsKey("k1");
            _ = map.IsEmpty;
        }
        Assert.Equal((0, 0), (state.Backend.Versions.ValueCopies, state.Backend.Versions.GroupCopies));
    }
}
