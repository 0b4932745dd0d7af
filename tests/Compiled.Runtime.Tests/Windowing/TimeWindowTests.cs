using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Windowing;

public class TimeWindowTests
{
    private static readonly List<(string Key, long Time)> Events =
        [.. Enumerable.Range(0, 3000).Select(i => (Key: $"k{i % 3}", Time: (long)i * 7))];

    private static WatermarkStrategy<(string Key, long Time)> Monotonous => WatermarkStrategy.ForMonotonousTimestamps<(string Key, long Time)>(e => e.Time);

    [Fact]
    public void TumblingWindowsFireWhenTheWatermarkPassesTheirEnd()
    {
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(
            WindowTestOperators.Sum(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(10))));
        h.Element(("a", 1), 0).Element(("a", 2), 9).Element(("a", 4), 10).Element(("b", 8), 3);
        h.Watermark(8);
        Assert.Empty(h.Values);
        h.Watermark(9);
        Assert.Equal([(("a", 3L), 9L), (("b", 8L), 9L)], h.Output.Records.OrderBy(r => r.Value.Key));
        h.Watermark(19);
        Assert.Equal((("a", 4L), 19L), h.Output.Records[^1]);
        Assert.Equal(3, h.Output.Records.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void TumblingWindowResultsCarryTheWindowMaxTimestamp(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<(string Key, long Count)>();
        env.FromCollection(Events, Monotonous)
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);
        env.Execute();

        var expected = Events.GroupBy(e => (e.Key, End: (e.Time / 1000 + 1) * 1000))
            .Select(g => ((g.Key.Key, (long)g.Count()), g.Key.End - 1)).Order().ToList();
        Assert.Equal(expected, sink.TimestampedResults.Order());
    }

    [Fact]
    public void SlidingWindowsPutEachRecordIntoSizeOverSlideWindows()
    {
        using var h = new OperatorHarness<(string Key, long Value), string>(
            WindowTestOperators.Describe(SlidingEventTimeWindows.Of(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(10))));
        h.Element(("a", 1), 25).Watermark(long.MaxValue);
        Assert.Equal(["a [0, 30) n=1 sum=1", "a [10, 40) n=1 sum=1", "a [20, 50) n=1 sum=1"], h.Values);
        Assert.Equal([29L, 39L, 49L], h.Output.Records.Select(r => r.Timestamp));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void SlidingWindowCountsAreExact(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<(string Key, long Count)>();
        env.FromCollection(Events, Monotonous)
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);
        env.Execute();

        var expected = Events
            .SelectMany(e => new[] { e.Time / 1000, e.Time / 1000 + 1 }.Select(second => (e.Key, End: (second + 1) * 1000)))
            .GroupBy(w => w)
            .Select(g => ((g.Key.Key, (long)g.Count()), g.Key.End - 1)).Order().ToList();
        Assert.Equal(expected, sink.TimestampedResults.Order());
        Assert.Equal(Events.Count * 2, sink.Results.Sum(r => r.Count));
    }

    private sealed class SumAggregate : IAggregateFunction<(string Key, long Value), (string Key, long Sum), (string Key, long Sum)>
    {
        public (string Key, long Sum) CreateAccumulator() => ("", 0);
        public (string Key, long Sum) Add(in (string Key, long Value) value, (string Key, long Sum) acc) => (value.Key, acc.Sum + value.Value);
        public (string Key, long Sum) GetResult((string Key, long Sum) acc) => acc;
        public (string Key, long Sum) Merge((string Key, long Sum) a, (string Key, long Sum) b) => (a.Key.Length > 0 ? a.Key : b.Key, a.Sum + b.Sum);
    }

    private sealed class SumValues : IAggregateFunction<(string Key, long Value), long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in (string Key, long Value) value, long acc) => acc + value.Value;
        public long GetResult(long acc) => acc;
        public long Merge(long a, long b) => a + b;
    }

    private sealed class SumAll : ProcessWindowFunction<(string Key, long Value), (string Key, long Sum), string, TimeWindow>
    {
        public override void Process(string key, WindowContext<TimeWindow> context, IReadOnlyList<(string Key, long Value)> elements, ICollector<(string Key, long Sum)> output) =>
            output.Collect((key, elements.Sum(e => e.Value)));
    }

    private sealed class WithWindow : ProcessWindowFunction<long, string, string, TimeWindow>
    {
        public override void Process(string key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<string> output) =>
            output.Collect($"{key}@{context.Window.Start}-{context.Window.End}={Assert.Single(elements)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ReduceAggregateAndProcessGiveTheSameWindowResults(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var reduced = new CollectSink<(string Key, long Sum)>();
        var aggregated = new CollectSink<(string Key, long Sum)>();
        var processed = new CollectSink<(string Key, long Sum)>();
        var windowed = new CollectSink<string>();
        var keyed = env.FromCollection(Events, Monotonous).Map(e => (e.Key, Value: e.Time % 11)).KeyBy(e => e.Key);
        var size = TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(500));
        keyed.Window(size).Reduce((a, b) => (a.Key, a.Value + b.Value)).SinkTo(reduced);
        keyed.Window(size).Aggregate(new SumAggregate()).SinkTo(aggregated);
        keyed.Window(size).Process(new SumAll()).SinkTo(processed);
        keyed.Window(size).Aggregate(new SumValues(), new WithWindow()).SinkTo(windowed);
        env.Execute();

        var expected = Events.GroupBy(e => (e.Key, Start: e.Time / 500 * 500))
            .Select(g => ((g.Key.Key, g.Sum(e => e.Time % 11)), g.Key.Start + 499)).Order().ToList();
        Assert.Equal(expected, reduced.TimestampedResults.Order());
        Assert.Equal(expected, aggregated.TimestampedResults.Order());
        Assert.Equal(expected, processed.TimestampedResults.Order());
        Assert.Equal(
            expected.Select(e => ($"{e.Item1.Key}@{e.Item2 - 499}-{e.Item2 + 1}={e.Item1.Item2}", e.Item2)).Order(),
            windowed.TimestampedResults.Order());
    }

    [Fact]
    public void ProcessWindowFunctionSeesTheWindowBeingEvaluated()
    {
        using var h = new OperatorHarness<(string Key, long Value), string>(
            WindowTestOperators.Describe(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(25))));
        h.Element(("a", 1), 24).Element(("a", 2), 25).Element(("a", 3), 124).Watermark(1000);
        Assert.Equal(["a [-75, 25) n=1 sum=1", "a [25, 125) n=2 sum=5"], h.Values);
        Assert.Equal([24L, 124L], h.Output.Records.Select(r => r.Timestamp));
    }
}
