using Compiled.Api;
using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Api;

/// <summary>
/// The reduce overloads generated code calls with a function struct give what the delegate overloads give
/// (the generator's compiled and interpreted modes).
/// </summary>
public class ReduceFunctionStructTests
{
    private static readonly List<(long Key, long Value, long Time)> Events =
        [.. Enumerable.Range(0, 2000).Select(i => (Key: (long)(i % 5), Value: (long)(i * 31 % 89), Time: 900 + i * 9L - i % 4 * 300))]; // out of order by up to 900 ms

    private readonly struct SumValues : IReduceFunction<(long Key, long Value, long Time)>
    {
        public (long Key, long Value, long Time) Reduce(in (long Key, long Value, long Time) accumulated, in (long Key, long Value, long Time) value) =>
            (accumulated.Key, accumulated.Value + value.Value, Math.Max(accumulated.Time, value.Time));
    }

    private static (long Key, long Value, long Time) Sum((long Key, long Value, long Time) a, (long Key, long Value, long Time) b) => default(SumValues).Reduce(a, b);

    private sealed class DescribeSession : ProcessWindowFunction<(long Key, long Value, long Time), string, long, TimeWindow>
    {
        public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<(long Key, long Value, long Time)> elements, ICollector<string> output) =>
            output.Collect($"{key} [{context.Window.Start}, {context.Window.End}) sum={elements[0].Value} last={elements[0].Time}");
    }

    private static List<(T Value, long Timestamp)> Run<T>(int parallelism, Func<KeyedStream<(long Key, long Value, long Time), long>, DataStream<T>> reduce)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<T>();
        // Keyed straight from the (single) source: each key's records reach the reduce in input order.
        var keyed = env.FromCollection(Events, WatermarkStrategy.ForBoundedOutOfOrderness<(long Key, long Value, long Time)>(static e => e.Time, TimeSpan.FromSeconds(1)))
            .KeyBy(static e => e.Key);
        reduce(keyed).SinkTo(sink);
        env.Execute();
        return [.. sink.TimestampedResults.Order()];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void RollingReduceWithAFunctionStructEqualsTheDelegateReduce(int parallelism)
    {
        var withStruct = Run(parallelism, static k => k.Reduce<SumValues>(default, "sum"));
        var withDelegate = Run(parallelism, static k => k.Reduce(Sum, "sum"));

        Assert.Equal(Events.Count, withStruct.Count);
        Assert.Equal(Events.Where(e => e.Key == 3).Sum(e => e.Value), withStruct.Where(r => r.Value.Key == 3).Max(r => r.Value.Value));
        Assert.Equal(withDelegate, withStruct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void WindowReduceWithAFunctionStructEqualsTheDelegateReduce(int parallelism)
    {
        var window = TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(2));
        var withStruct = Run(parallelism, k => k.Window(window).Reduce<SumValues>(default, "sum"));
        var withDelegate = Run(parallelism, k => k.Window(window).Reduce(Sum, "sum"));

        Assert.Equal(Events.Select(e => (e.Key, e.Time / 2000)).Distinct().Count(), withStruct.Count);
        Assert.Equal(Events.Sum(e => e.Value), withStruct.Sum(r => r.Value.Value));
        Assert.Equal(withDelegate, withStruct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void MergingWindowReduceWithAFunctionStructAndWindowFunctionEqualsTheDelegateReduce(int parallelism)
    {
        // Sessions merge as out-of-order records bridge gaps: the function struct also runs the contents' Merge.
        var sessions = EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(250));
        var withStruct = Run(parallelism, k => k.Window(sessions).Reduce<string, SumValues>(default, new DescribeSession(), "sessions"));
        var withDelegate = Run(parallelism, k => k.Window(sessions).Reduce(Sum, new DescribeSession(), "sessions"));

        Assert.NotEmpty(withStruct);
        Assert.Equal(Events.Sum(e => e.Value), withStruct.Sum(r => long.Parse(r.Value.Split("sum=")[1].Split(' ')[0])));
        Assert.Equal(withDelegate, withStruct);
    }
}
