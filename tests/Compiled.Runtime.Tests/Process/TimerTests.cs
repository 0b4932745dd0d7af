using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Tests.Support;

namespace Compiled.Tests.Process;

public class TimerTests
{
    /// <summary>Commands: "event"/"proc" register a timer at Value, "del-event"/"del-proc" delete it. Timers report key, time, domain and timestamp.</summary>
    private sealed class TimerCommands : KeyedProcessFunction<string, (string Key, string Op, long Value), string>
    {
        public override void ProcessElement(in (string Key, string Op, long Value) value, KeyedContext<string> context, ICollector<string> output)
        {
            var timers = context.TimerService;
            switch (value.Op)
            {
                case "event": timers.RegisterEventTimeTimer(value.Value); break;
                case "proc": timers.RegisterProcessingTimeTimer(value.Value); break;
                case "del-event": timers.DeleteEventTimeTimer(value.Value); break;
                case "del-proc": timers.DeleteProcessingTimeTimer(value.Value); break;
            }
        }

        public override void OnTimer(long timestamp, TimerContext<string> context, ICollector<string> output) =>
            output.Collect($"{context.CurrentKey}@{timestamp} {context.TimeDomain} ts={(context.Timestamp == Watermarks.NoTimestamp ? "none" : context.Timestamp.ToString())}");
    }

    private static OperatorHarness<(string Key, string Op, long Value), string> Harness() =>
        new(InterpretedProcessOperators.Keyed(new TimerCommands(), static e => e.Key));

    [Fact]
    public void EventTimeTimersFireInOrderOnceTheWatermarkPassesThem()
    {
        using var h = Harness();
        h.Element(("a", "event", 20)).Element(("b", "event", 10)).Element(("a", "event", 30));
        h.Watermark(9);
        Assert.Empty(h.Values);
        h.Watermark(20);
        Assert.Equal(["b@10 EventTime ts=10", "a@20 EventTime ts=20"], h.Values);
        h.Watermark(100);
        Assert.Equal("a@30 EventTime ts=30", h.Values[^1]);
        Assert.Equal(3, h.Values.Count);
    }

    [Fact]
    public void TimerOutputIsEmittedBeforeTheWatermarkIsForwarded()
    {
        using var h = Harness();
        h.Element(("a", "event", 5)).Watermark(5);
        Assert.Equal([("a@5 EventTime ts=5", 5L)], h.Output.Records);
        Assert.Equal([5L], h.Output.Watermarks);
    }

    [Fact]
    public void ATimerPerKeyAndTimestampFiresOnce()
    {
        using var h = Harness();
        h.Element(("a", "event", 10)).Element(("a", "event", 10)).Element(("b", "event", 10)).Element(("a", "event", 10));
        h.Watermark(50);
        Assert.Equal(["a@10 EventTime ts=10", "b@10 EventTime ts=10"], h.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeletedTimersDoNotFire()
    {
        using var h = Harness();
        h.Element(("a", "event", 10)).Element(("b", "event", 10)).Element(("a", "del-event", 10));
        h.Element(("a", "proc", 10)).Element(("a", "del-proc", 10));
        h.Watermark(50).AdvanceProcessingTime(50);
        Assert.Equal(["b@10 EventTime ts=10"], h.Values);
    }

    [Fact]
    public void ProcessingTimeTimersFireWhenTheClockReachesThem()
    {
        using var h = Harness();
        h.Element(("a", "proc", 100)).Element(("b", "proc", 50)).Element(("a", "proc", 100));
        h.AdvanceProcessingTime(49);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(50);
        Assert.Equal(["b@50 ProcessingTime ts=none"], h.Values);
        h.AdvanceProcessingTime(1000);
        Assert.Equal(["b@50 ProcessingTime ts=none", "a@100 ProcessingTime ts=none"], h.Values);
    }

    [Fact]
    public void ProcessingTimeTimerRegisteredAfterAnEarlierOneWasDeletedStillFires()
    {
        using var h = Harness();
        h.Element(("a", "proc", 100)).Element(("a", "del-proc", 100)).Element(("a", "proc", 200));
        h.AdvanceProcessingTime(150);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(200);
        Assert.Equal(["a@200 ProcessingTime ts=none"], h.Values);
    }

    [Fact]
    public void EventAndProcessingTimeTimersAreIndependent()
    {
        using var h = Harness();
        h.Element(("a", "event", 10)).Element(("a", "proc", 10));
        h.AdvanceProcessingTime(10);
        Assert.Equal(["a@10 ProcessingTime ts=none"], h.Values);
        h.Watermark(10);
        Assert.Equal(["a@10 ProcessingTime ts=none", "a@10 EventTime ts=10"], h.Values);
    }

    private sealed class TriesTimer : ProcessFunction<int, int>
    {
        public override void ProcessElement(in int value, ProcessContext context, ICollector<int> output) =>
            context.TimerService.RegisterEventTimeTimer(value);
    }

    [Fact]
    public void TimersOnANonKeyedProcessFunctionFailWithAClearMessage()
    {
        using var h = new OperatorHarness<int, int>(InterpretedProcessOperators.NonKeyed(new TriesTimer()));
        var ex = Assert.Throws<InvalidOperationException>(() => h.Element(1));
        Assert.Equal("Timers need a keyed stream: call KeyBy(...) and use a KeyedProcessFunction.", ex.Message);
    }

    [Fact]
    public void TimersOnANonKeyedStreamFailTheJobWithTheSameMessage()
    {
        var env = TestJobs.Env(1);
        env.FromCollection([1, 2]).Process(new TriesTimer()).SinkTo(new CollectSink<int>());
        var ex = Assert.Throws<Compiled.Cluster.JobExecutionException>(() => env.Execute());
        Assert.Contains("Timers need a keyed stream", ex.Message);
    }

    /// <summary>Counts records per key and 100 ms bucket of event time; a timer at the bucket's end emits and clears its count.</summary>
    private sealed class CountUntilTimer : KeyedProcessFunction<string, (string Key, long Time), (string Key, long End, long Count)>
    {
        private Compiled.State.MapState<long, long>? _counts;
        public override void Open() => _counts = RuntimeContext.GetMapState(new Compiled.State.MapStateDescriptor<long, long>("counts"));

        public override void ProcessElement(in (string Key, long Time) value, KeyedContext<string> context, ICollector<(string Key, long End, long Count)> output)
        {
            long end = value.Time / 100 * 100 + 99;
            _counts!.TryGetValue(end, out long n);
            _counts.Put(end, n + 1);
            context.TimerService.RegisterEventTimeTimer(end);
        }

        public override void OnTimer(long timestamp, TimerContext<string> context, ICollector<(string Key, long End, long Count)> output)
        {
            _counts!.TryGetValue(timestamp, out long n);
            output.Collect((context.CurrentKey, timestamp, n));
            _counts.Remove(timestamp);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void EventTimeTimersFireEndToEndWithKeyedState(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var events = Enumerable.Range(0, 1000).Select(i => (Key: $"k{i % 4}", Time: (long)i)).ToList();
        var sink = new CollectSink<(string Key, long End, long Count)>();
        env.FromCollection(events, WatermarkStrategy.ForMonotonousTimestamps<(string Key, long Time)>(e => e.Time))
           .KeyBy(e => e.Key).Process(new CountUntilTimer()).SinkTo(sink);
        env.Execute();

        var expected = events.GroupBy(e => (e.Key, End: e.Time / 100 * 100 + 99)).Select(g => (g.Key.Key, g.Key.End, (long)g.Count())).Order();
        Assert.Equal(expected, sink.Results.Order());
    }
}
