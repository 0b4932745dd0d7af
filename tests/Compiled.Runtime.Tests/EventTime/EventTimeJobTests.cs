using Compiled.Api;
using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.EventTime;

public class EventTimeJobTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void BoundedSourceEndsWithAFinalWatermarkSoEveryWindowFires(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var events = new[] { (Key: "a", Time: 5L), (Key: "b", Time: 3_600_000L), (Key: "a", Time: 7L) };
        var sink = new CollectSink<(string Key, long Count)>();
        env.FromCollection(events, WatermarkStrategy.ForBoundedOutOfOrderness<(string Key, long Time)>(e => e.Time, TimeSpan.FromDays(1)))
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromHours(1)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);
        env.Execute();

        Assert.Equal([(("a", 2L), 3_599_999L), (("b", 1L), 7_199_999L)], sink.TimestampedResults.Order());
    }

    [Fact]
    public void EventTimeWindowWithoutTimestampAssignerFailsAtBuildTime()
    {
        var env = TestJobs.Env(1);
        var keyed = env.FromCollection([("a", 1L)]).KeyBy(e => e.Item1);
        var ex = Assert.Throws<InvalidOperationException>(() => keyed.Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1))));
        Assert.Contains("Event-time windows need event time", ex.Message);
        Assert.Contains("WatermarkStrategy", ex.Message);
    }

    [Fact]
    public void EventTimeWindowAllWithoutTimestampAssignerFailsAtBuildTime()
    {
        var env = TestJobs.Env(1);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            env.FromCollection([1, 2]).WindowAll(EventTimeSessionWindows.WithGap(TimeSpan.FromSeconds(1))));
        Assert.Contains("Event-time windows need event time", ex.Message);
    }

    [Fact]
    public void ProcessingTimeWindowsNeedNoTimestampAssigner()
    {
        var env = TestJobs.Env(1);
        var windowed = env.FromCollection([("a", 1L)]).KeyBy(e => e.Item1).Window(TumblingProcessingTimeWindows.Of(TimeSpan.FromSeconds(1)));
        Assert.NotNull(windowed);
    }

    [Fact]
    public void EventTimeAssignerWithoutTimestampFailsWithAClearMessage()
    {
        var assigner = TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<InvalidOperationException>(() => assigner.AssignWindows(Watermarks.NoTimestamp, 0, []));
        Assert.Contains("no event timestamp", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnIdleSourceSubtaskDoesNotHoldBackTheWatermark(bool idleReaderOpensSplit)
    {
        var clock = new ManualTimeProvider();
        var env = TestJobs.Env(2, time: clock);
        var events = Enumerable.Range(0, 1000).Select(i => (Key: $"k{i % 3}", Time: (long)i)).ToList();
        // Subtask 0 emits its events and waits; subtask 1 emits nothing. Neither ends until released, so only idleness can move event time.
        var source = new GatedSource<(string Key, long Time)>(events, idleReaderOpensSplit);
        var sink = new CollectSink<(string Key, long Count)>();
        env.FromSource(source, WatermarkStrategy.ForMonotonousTimestamps<(string Key, long Time)>(e => e.Time).WithIdleness(TimeSpan.FromSeconds(5)))
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);

        var job = new BackgroundJob(() => env.Execute());
        try
        {
            // Windows ending at or before 900 fire once subtask 1 counts as idle (subtask 0's watermark is 998).
            // Moving the manual clock past the idle timeout is what makes that happen; poll a bounded number of times.
            for (int i = 0; i < 500 && sink.Results.Count < 27 && job.Failure is null; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
            Assert.Null(job.Failure);
            var early = sink.Results.Order().ToList();
            Assert.Equal(9 * 3, early.Count);
            Assert.All(early, r => Assert.InRange(r.Count, 33, 34));
        }
        finally
        {
            source.Release.Set();
        }
        job.Join(TimeSpan.FromSeconds(30));

        var expected = events.GroupBy(e => (e.Key, e.Time / 100)).Select(g => (g.Key.Key, (long)g.Count())).Order();
        Assert.Equal(expected, sink.Results.Order());
    }
}
