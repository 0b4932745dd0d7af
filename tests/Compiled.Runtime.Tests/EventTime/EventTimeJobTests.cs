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

    /// <summary>
    /// Two readers: subtask 0 emits its events and then waits; subtask 1 emits nothing at all. Both end
    /// once <see cref="Release"/> is set. Neither ever ends on its own, so only idleness can move event time.
    /// </summary>
    private sealed class StallingSource(IReadOnlyList<(string Key, long Time)> events, bool idleReaderOpensSplit) : ISource<(string Key, long Time)>
    {
        public readonly ManualResetEventSlim Release = new(false);
        private readonly IReadOnlyList<(string Key, long Time)> _events = events;
        private readonly bool _idleReaderOpensSplit = idleReaderOpensSplit;

        public Boundedness Boundedness => Boundedness.Bounded;

        public ISourceReader<(string Key, long Time)> CreateReader(SourceReaderContext context) => new Reader(this, context.SubtaskIndex);

        private sealed class Reader(StallingSource source, int subtask) : ISourceReader<(string Key, long Time)>
        {
            private bool _emitted;

            public InputStatus PollNext(SourceOutput<(string Key, long Time)> output)
            {
                if (source.Release.IsSet) return InputStatus.EndOfInput;
                if (subtask == 0 && !_emitted)
                {
                    foreach (var e in source._events) output.Collect(e);
                    _emitted = true;
                    return InputStatus.MoreAvailable;
                }
                if (subtask == 1 && source._idleReaderOpensSplit) output.Split(0);
                return InputStatus.NothingAvailable;
            }

            public void Dispose() { }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnIdleSourceSubtaskDoesNotHoldBackTheWatermark(bool idleReaderOpensSplit)
    {
        var clock = new ManualTimeProvider();
        var env = TestJobs.Env(2, time: clock);
        var events = Enumerable.Range(0, 1000).Select(i => (Key: $"k{i % 3}", Time: (long)i)).ToList();
        var source = new StallingSource(events, idleReaderOpensSplit);
        var sink = new CollectSink<(string Key, long Count)>();
        env.FromSource(source, WatermarkStrategy.ForMonotonousTimestamps<(string Key, long Time)>(e => e.Time).WithIdleness(TimeSpan.FromSeconds(5)))
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);

        Exception? failure = null;
        var job = new Thread(() =>
        {
            try { env.Execute(); }
            catch (Exception ex) { failure = ex; }
        }) { IsBackground = true };
        job.Start();
        try
        {
            // Windows ending at or before 900 can fire once subtask 1 counts as idle (watermark 998 from subtask 0).
            // Moving the manual clock past the idle timeout is what makes that happen; poll a bounded number of times.
            for (int i = 0; i < 500 && sink.Results.Count < 27 && failure is null; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
            Assert.Null(failure);
            var early = sink.Results.Order().ToList();
            Assert.Equal(9 * 3, early.Count);
            Assert.All(early, r => Assert.InRange(r.Count, 33, 34));
        }
        finally
        {
            source.Release.Set();
            Assert.True(job.Join(TimeSpan.FromSeconds(30)), "the job did not end after the sources were released");
        }
        Assert.Null(failure);

        var expected = events.GroupBy(e => (e.Key, e.Time / 100)).Select(g => (g.Key.Key, (long)g.Count())).Order();
        Assert.Equal(expected, sink.Results.Order());
    }
}
