using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Windowing;

namespace Compiled.Tests.Api;

public class SmokeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void KeyedTumblingWindowCountsPerKey(int parallelism)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        var events = Enumerable.Range(0, 10_000).Select(i => (Key: (long)(i % 7), Time: (long)i)).ToList();
        var sink = new CollectSink<(long Key, long Count)>();
        env.FromCollection(events, WatermarkStrategy.ForMonotonousTimestamps<(long Key, long Time)>(e => e.Time))
           .Map(e => (e.Key, Count: 1L))
           .KeyBy(e => e.Key)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
           .Reduce((a, b) => (a.Key, a.Count + b.Count))
           .SinkTo(sink);
        env.Execute();

        var expected = events.GroupBy(e => (e.Key, e.Time / 1000)).Select(g => (g.Key.Key, (long)g.Count())).Order().ToList();
        Assert.Equal(expected, sink.Results.Order().ToList());
    }
}
