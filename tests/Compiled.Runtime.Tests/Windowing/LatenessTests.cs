using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Windowing;

public class LatenessTests
{
    private static readonly OutputTag<(string Key, long Value)> Late = new("late");

    private static TumblingEventTimeWindows Tumbling10 => TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(10));

    [Fact]
    public void LateRecordWithinAllowedLatenessRefiresTheWindowWithUpdatedContents()
    {
        var op = WindowTestOperators.Sum(Tumbling10, allowedLateness: 5, lateTag: Late);
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 1).Element(("a", 2), 3).Watermark(9);
        Assert.Equal([(("a", 3L), 9L)], h.Output.Records);

        h.Element(("a", 4), 5);
        Assert.Equal([(("a", 3L), 9L), (("a", 7L), 9L)], h.Output.Records);
        Assert.Empty(h.Output.Side(Late));
    }

    [Fact]
    public void WindowStateIsCleanedUpWhenAllowedLatenessExpires()
    {
        var op = WindowTestOperators.Sum(Tumbling10, allowedLateness: 5, lateTag: Late);
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 1).Watermark(13);
        Assert.True(op.Backend.EntryCount > 0);
        Assert.Equal(1, op.EventTimerCount);

        h.Watermark(14);
        Assert.Equal(0, op.Backend.EntryCount);
        Assert.Equal(0, op.EventTimerCount);
        Assert.Single(h.Values);
    }

    [Fact]
    public void WithoutLatenessEachWindowsOneTimerFiresAndCleansItUp()
    {
        // Sliding windows under the default trigger: the trigger's timer at a window's end is also its cleanup timer.
        var op = WindowTestOperators.Sum(SlidingEventTimeWindows.Of(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5)));
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 1).Element(("a", 2), 7).Element(("b", 3), 7);
        Assert.Equal(5, op.EventTimerCount); // a: windows ending 4, 9, 14; b: 9, 14 — one timer each
        h.Watermark(9);
        Assert.Equal(2, op.EventTimerCount);
        h.Watermark(14);
        Assert.Equal(0, op.Backend.EntryCount);
        Assert.Equal(0, op.EventTimerCount);
        Assert.Equal([("a", 1L), ("a", 2L), ("a", 3L), ("b", 3L), ("b", 3L)], h.Values.Order()); // order within one timestamp is not specified
    }

    [Fact]
    public void RecordLaterThanAllowedLatenessGoesToTheLateDataSideOutput()
    {
        var op = WindowTestOperators.Sum(Tumbling10, allowedLateness: 5, lateTag: Late);
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 1).Watermark(14);
        h.Element(("a", 8), 6).Element(("a", 16), 12);
        Assert.Equal([(("a", 8L), 6L)], h.Output.Side(Late));
        Assert.Equal(0, op.LateRecordsDropped);

        h.Watermark(19);
        Assert.Equal([("a", 1L), ("a", 16L)], h.Values);
    }

    [Fact]
    public void LateRecordsWithoutTagAreCountedAsDropped()
    {
        var op = WindowTestOperators.Sum(Tumbling10);
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 1).Watermark(9);
        h.Element(("a", 2), 9).Element(("b", 3), 0).Element(("a", 4), 10);
        Assert.Equal(2, op.LateRecordsDropped);
        h.Watermark(19);
        Assert.Equal([("a", 1L), ("a", 4L)], h.Values);
    }

    [Fact]
    public void SessionRecordLaterThanLatenessIsSentToLateOutput()
    {
        var op = WindowTestOperators.Sum(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(10)), lateTag: Late);
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op);
        h.Element(("a", 1), 0).Watermark(50).Element(("a", 2), 20);
        Assert.Equal([(("a", 2L), 20L)], h.Output.Side(Late));
        Assert.Equal(0, op.Backend.EntryCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void LateDataSideOutputWorksEndToEnd(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        // The source emits a watermark after every batch (256 records): the second batch starts after the
        // first batch pushed the watermark to 2549, so the records at 0..9 in it are late for window [0, 1000).
        var events = Enumerable.Range(0, 256).Select(i => (Key: "k", Time: (long)i * 10))
            .Concat(Enumerable.Range(0, 10).Select(i => (Key: "k", Time: (long)i)))
            .ToList();
        var results = new CollectSink<(string Key, long Count)>();
        var late = new CollectSink<(string Key, long Count)>();
        var lateTag = new OutputTag<(string Key, long Count)>("late-e2e");
        var windowed = env.FromCollection(events, WatermarkStrategy.ForMonotonousTimestamps<(string Key, long Time)>(e => e.Time))
            .Map(e => (e.Key, Count: 1L)).SetParallelism(1) // one upstream channel: the watermark precedes the late records
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .SideOutputLateData(lateTag)
            .Reduce((a, b) => (a.Key, a.Count + b.Count));
        windowed.SinkTo(results);
        windowed.GetSideOutput(lateTag).SinkTo(late);
        env.Execute();

        Assert.Equal([("k", 100L), ("k", 100L), ("k", 56L)], results.Results.OrderByDescending(r => r.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (("k", 1L), (long)i)), late.TimestampedResults.OrderBy(r => r.Timestamp));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void OutOfOrderInputWithinTheBoundGivesTheSameResultAsInOrder(int parallelism)
    {
        var inOrder = Enumerable.Range(0, 5000).Select(i => (Key: $"k{i % 5}", Time: (long)i * 3)).ToList();
        // Reverse blocks of 30 records: every record is at most 29 * 3 = 87 ms out of order.
        var shuffled = inOrder.Chunk(30).SelectMany(c => c.Reverse()).ToList();
        Assert.NotEqual(inOrder, shuffled);

        List<((string, long), long)> Run(List<(string Key, long Time)> events)
        {
            var env = TestJobs.Env(parallelism);
            var sink = new CollectSink<(string Key, long Count)>();
            env.FromCollection(events, WatermarkStrategy.ForBoundedOutOfOrderness<(string Key, long Time)>(e => e.Time, TimeSpan.FromMilliseconds(100)))
               .Map(e => (e.Key, Count: e.Time))
               .KeyBy(e => e.Key)
               .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(250)))
               .Reduce((a, b) => (a.Key, a.Count + b.Count))
               .SinkTo(sink);
            env.Execute();
            return [.. sink.TimestampedResults.Order()];
        }

        var expected = inOrder.GroupBy(e => (e.Key, e.Time / 250))
            .Select(g => ((g.Key.Key, g.Sum(e => e.Time)), g.Key.Item2 * 250 + 249)).Order().ToList();
        Assert.Equal(expected, Run(inOrder));
        Assert.Equal(expected, Run(shuffled));
    }
}
