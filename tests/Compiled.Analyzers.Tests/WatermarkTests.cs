namespace Compiled.Analyzers.Tests;

public sealed class WatermarkTests
{
    private const string Id = "CMP0006";

    private const string Types = """
        public record struct Click(long User, long Time);

        public sealed class Expiry : KeyedProcessFunction<long, Click, long>
        {
            public override void ProcessElement(in Click value, KeyedContext<long> context, ICollector<long> output) =>
                context.TimerService.RegisterEventTimeTimer(value.Time + 1000);
        }

        public sealed class Poll : KeyedProcessFunction<long, Click, long>
        {
            public override void ProcessElement(in Click value, KeyedContext<long> context, ICollector<long> output) =>
                context.TimerService.RegisterProcessingTimeTimer(context.TimerService.CurrentProcessingTime + 1000);
        }

        """;

    [Fact]
    public void Reports_event_time_windows_and_timers_on_streams_without_watermarks()
    {
        AnalyzerHarness.Verify(Types + """
            public static class Job
            {
                public static void Define(StreamEnvironment env, Click[] clicks, ISource<Click> source)
                {
                    env.FromCollection(clicks)
                       .KeyBy(static c => c.User)
                       .Window([|TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10))|])
                       .Reduce(static (a, b) => a)
                       .Print();

                    var raw = env.FromSource(source, WatermarkStrategy.NoWatermarks<Click>().WithIdleness(TimeSpan.FromSeconds(5)));
                    var filtered = raw.Filter(static c => c.User > 0).Name("filter");
                    filtered.WindowAll([|SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5))|])
                            .Reduce(static (a, b) => a)
                            .Print();

                    var timed = env.FromCollection(clicks, WatermarkStrategy.ForMonotonousTimestamps<Click>(static c => c.Time));
                    timed.Union(env.FromCollection(clicks, null))
                         .KeyBy(static c => c.User)
                         .Process([|new Expiry()|])
                         .Print();
                }
            }
            """, Id);
    }

    [Fact]
    public void Accepts_watermarked_unknown_and_processing_time_streams()
    {
        AnalyzerHarness.Verify(Types + """
            public static class Job
            {
                public static void Define(StreamEnvironment env, Click[] clicks, DataStream<Click> unknown, WatermarkStrategy<Click> strategy)
                {
                    var timed = env.FromCollection(clicks, WatermarkStrategy.ForBoundedOutOfOrderness<Click>(static c => c.Time, TimeSpan.FromSeconds(1)));
                    timed.KeyBy(static c => c.User).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10))).Reduce(static (a, b) => a).Print();
                    timed.KeyBy(static c => c.User).Process(new Expiry()).Print();
                    unknown.KeyBy(static c => c.User).Window(EventTimeSessionWindows.WithGap(TimeSpan.FromSeconds(10))).Reduce(static (a, b) => a).Print();
                    env.FromCollection(clicks, strategy).KeyBy(static c => c.User).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1))).Reduce(static (a, b) => a).Print();
                    env.FromCollection(clicks).KeyBy(static c => c.User).Window(TumblingProcessingTimeWindows.Of(TimeSpan.FromSeconds(10))).Reduce(static (a, b) => a).Print();
                    env.FromCollection(clicks).KeyBy(static c => c.User).Process(new Poll()).Print();

                    var reassigned = env.FromCollection(clicks);
                    reassigned = timed;
                    reassigned.KeyBy(static c => c.User).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10))).Reduce(static (a, b) => a).Print();
                }
            }
            """, Id);
    }
}
