namespace Compiled.Analyzers.Tests;

public sealed class WindowParameterTests
{
    private const string Id = "CMP0010";

    [Fact]
    public void Reports_invalid_constant_parameters()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public static class Job
            {
                private static readonly TimeSpan Size = TimeSpan.FromSeconds(5);
                private static readonly TimeSpan Slide = TimeSpan.FromSeconds(10);

                public static void Define(KeyedStream<long, long> keyed, DataStream<long> input)
                {
                    var zero = TimeSpan.Zero;
                    _ = TumblingEventTimeWindows.Of([|TimeSpan.FromSeconds(0)|]);
                    _ = TumblingProcessingTimeWindows.Of([|TimeSpan.FromMilliseconds(0.5)|]);
                    _ = SlidingEventTimeWindows.Of(Size, [|Slide|]);
                    _ = SlidingProcessingTimeWindows.Of(TimeSpan.FromMinutes(1), [|-TimeSpan.FromSeconds(1)|]);
                    _ = EventTimeSessionWindows.WithGap([|zero|]);
                    _ = ProcessingTimeSessionWindows.WithGap([|default|]);
                    _ = keyed.CountWindow([|0|]);
                    _ = CountTrigger.Of<TimeWindow>([|-1|]);
                    _ = keyed.Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1))).AllowedLateness([|TimeSpan.FromSeconds(-1)|]);
                    _ = WatermarkStrategy.ForBoundedOutOfOrderness<long>(static x => x, [|new TimeSpan(0, 0, -5)|]);
                    _ = WatermarkStrategy.NoWatermarks<long>().WithIdleness([|TimeSpan.FromTicks(0)|]);
                }
            }
            """, Id);
        Assert.Equal("SlidingEventTimeWindows: the slide (00:00:10) must not exceed the size (00:00:05); use tumbling windows or a smaller slide",
            diagnostics[2].GetMessage());
    }

    [Fact]
    public void Accepts_valid_and_unknown_parameters()
    {
        AnalyzerHarness.Verify("""
            public static class Job
            {
                public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);
                public static readonly TimeSpan Slide = TimeSpan.FromSeconds(2);

                public static void Define(KeyedStream<long, long> keyed, TimeSpan configured, long count)
                {
                    _ = TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(1));
                    _ = SlidingEventTimeWindows.Of(Size, Slide);
                    _ = SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(-1));
                    _ = SlidingProcessingTimeWindows.Of(configured, TimeSpan.FromHours(1));
                    _ = EventTimeSessionWindows.WithGap(TimeSpan.FromMinutes(30) - TimeSpan.FromMinutes(29));
                    _ = keyed.CountWindow(count);
                    _ = keyed.CountWindow(100);
                    _ = keyed.Window(TumblingEventTimeWindows.Of(new TimeSpan(0, 1, 0))).AllowedLateness(TimeSpan.Zero);
                    _ = WatermarkStrategy.ForBoundedOutOfOrderness<long>(static x => x, TimeSpan.Zero);
                    var gap = TimeSpan.Zero;
                    gap = TimeSpan.FromSeconds(1);
                    _ = EventTimeSessionWindows.WithGap(gap);
                }
            }
            """, Id);
    }
}
