using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Windowing;

public class SessionWindowTests
{
    private static OperatorHarness<(string Key, long Value), string> Harness(long gap) =>
        new(WindowTestOperators.Describe(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(gap))));

    [Fact]
    public void RecordsWithinTheGapFormOneSession()
    {
        using var h = Harness(10);
        h.Element(("a", 1), 0).Element(("a", 2), 5).Element(("a", 4), 14).Watermark(22);
        Assert.Empty(h.Values);
        h.Watermark(23);
        Assert.Equal([("a [0, 24) n=3 sum=7", 23L)], h.Output.Records);
    }

    [Fact]
    public void RecordsFurtherApartThanTheGapFormSeparateSessions()
    {
        using var h = Harness(10);
        h.Element(("a", 1), 0).Element(("a", 2), 25).Watermark(100);
        Assert.Equal(["a [0, 10) n=1 sum=1", "a [25, 35) n=1 sum=2"], h.Values);
    }

    [Fact]
    public void ARecordBridgingTwoSessionsMergesThem()
    {
        using var h = Harness(10);
        h.Element(("a", 1), 0).Element(("a", 2), 15).Watermark(5);
        h.Element(("a", 4), 8);
        h.Watermark(23);
        Assert.Empty(h.Values);
        h.Watermark(24);
        Assert.Equal([("a [0, 25) n=3 sum=7", 24L)], h.Output.Records);
    }

    [Fact]
    public void SessionsAreTrackedPerKey()
    {
        using var h = Harness(10);
        h.Element(("a", 1), 0).Element(("b", 10), 5).Element(("a", 2), 9).Element(("b", 20), 30).Watermark(long.MaxValue);
        Assert.Equal(["a [0, 19) n=2 sum=3", "b [30, 40) n=1 sum=20", "b [5, 15) n=1 sum=10"], h.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FiredSessionsLeaveNoStateOrTimers()
    {
        var op = WindowTestOperators.Describe(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(10)));
        using var h = new OperatorHarness<(string Key, long Value), string>(op);
        h.Element(("a", 1), 0).Element(("a", 2), 15).Element(("a", 4), 8).Element(("b", 1), 3);
        h.Watermark(1000);
        Assert.Equal(2, h.Values.Count);
        Assert.Equal(0, op.Backend.EntryCount);
        Assert.Equal(0, op.EventTimerCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void SessionJobMergesOutOfOrderRecordsExactly(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        // Gap 20 ms: x at 0 and 40 are bridged by 20, which arrives after them; 1000 and 1005 form a second session.
        (string Key, long Time)[] events =
        [
            ("x", 0), ("y", 0), ("x", 40), ("y", 100), ("x", 20), ("x", 1000), ("y", 112), ("x", 1005),
        ];
        var sink = new CollectSink<string>();
        env.FromCollection(events, WatermarkStrategy.ForBoundedOutOfOrderness<(string Key, long Time)>(e => e.Time, TimeSpan.FromMilliseconds(50)))
           .Map(e => (e.Key, Value: 1L))
           .KeyBy(e => e.Key)
           .Window(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(20)))
           .Process(new DescribeWindow<TimeWindow>())
           .SinkTo(sink);
        env.Execute();

        Assert.Equal(
            ["x [0, 60) n=3 sum=3", "x [1000, 1025) n=2 sum=2", "y [0, 20) n=1 sum=1", "y [100, 132) n=2 sum=2"],
            sink.Results.Order(StringComparer.Ordinal));
    }
}
