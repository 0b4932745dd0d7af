using Compiled.Execution;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.Snapshots;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Execution;

public class TimerSnapshotTests
{
    private static (HeapKeyedStateBackend<long> Backend, InternalTimerService<long, TimeWindow> Timers, List<string> Fired, ManualProcessingTimeService Clock)
        Create(KeyGroupRange range)
    {
        var clock = new ManualProcessingTimeService();
        var backend = new HeapKeyedStateBackend<long>(KeySerializers.Get<long>(), range, 128, () => clock.CurrentTime);
        var fired = new List<string>();
        var timers = new InternalTimerService<long, TimeWindow>(backend, clock,
            t => fired.Add($"event {t.Key} {t.Namespace} {t.Timestamp}"),
            t => fired.Add($"processing {t.Key} {t.Namespace} {t.Timestamp}"));
        return (backend, timers, fired, clock);
    }

    [Fact]
    public void TimersRestoreIntoTheSubtasksThatOwnTheirKeyGroupsAndFireOnce()
    {
        var (backend, timers, _, _) = Create(new KeyGroupRange(0, 127));
        for (long key = 0; key < 20; key++)
        {
            backend.SetCurrentKey(key);
            timers.RegisterEventTimeTimer(new TimeWindow(0, 100), 99);
            timers.RegisterEventTimeTimer(new TimeWindow(0, 100), 99); // deduplicated
            timers.RegisterProcessingTimeTimer(new TimeWindow(key, key + 1), 1_000 + key);
        }
        var capture = timers.CaptureByKeyGroup();
        var snapshot = new Dictionary<int, byte[]>();
        for (int group = 0; group < 128; group++)
        {
            var writer = new SnapshotWriter();
            if (capture.WriteKeyGroup(group, writer)) snapshot[group] = writer.Written.ToArray();
            else Assert.Equal(0, writer.Length);
        }
        var groupsOfKeys = new SortedSet<int>();
        for (long key = 0; key < 20; key++)
        {
            backend.SetCurrentKey(key);
            groupsOfKeys.Add(backend.CurrentKeyGroup);
        }
        Assert.Equal(groupsOfKeys, snapshot.Keys.Order()); // exactly the key groups that have timers are written

        var fired = new List<string>();
        for (int subtask = 0; subtask < 2; subtask++)
        {
            var target = Create(KeyGroups.RangeOf(subtask, 2, 128));
            foreach (var (group, bytes) in snapshot.Where(kv => target.Backend.KeyGroupRange.Contains(kv.Key)))
                target.Timers.RestoreKeyGroup(group, bytes);
            target.Timers.AdvanceWatermark(99);
            target.Clock.AdvanceTo(2_000);
            fired.AddRange(target.Fired);
        }

        Assert.Equal(40, fired.Count);
        for (long key = 0; key < 20; key++)
        {
            Assert.Single(fired, $"event {key} [0, 100) 99");
            Assert.Single(fired, $"processing {key} [{key}, {key + 1}) {1_000 + key}");
        }
    }
}
