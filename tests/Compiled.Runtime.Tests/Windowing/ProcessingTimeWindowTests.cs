using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Windowing;

public class ProcessingTimeWindowTests
{
    [Fact]
    public void TumblingProcessingTimeWindowFiresWhenTheClockPassesItsEnd()
    {
        var op = WindowTestOperators.Sum(TumblingProcessingTimeWindows.Of(TimeSpan.FromMilliseconds(10)));
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(op, startTime: 3);
        h.Element(("a", 1)).Element(("b", 5));
        h.AdvanceProcessingTime(7).Element(("a", 2));
        h.AdvanceProcessingTime(8);
        Assert.Empty(h.Values);

        h.AdvanceProcessingTime(9);
        Assert.Equal([(("a", 3L), 9L), (("b", 5L), 9L)], h.Output.Records.OrderBy(r => r.Value.Key));

        h.AdvanceProcessingTime(12).Element(("a", 100));
        h.AdvanceProcessingTime(25);
        Assert.Equal((("a", 100L), 19L), h.Output.Records[^1]);
        Assert.Equal(3, h.Output.Records.Count);
        Assert.Equal(0, op.Backend.EntryCount);
    }

    [Fact]
    public void ProcessingTimeWindowIgnoresWatermarks()
    {
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(
            WindowTestOperators.Sum(TumblingProcessingTimeWindows.Of(TimeSpan.FromMilliseconds(10))));
        h.Element(("a", 1)).Watermark(long.MaxValue - 1);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(9);
        Assert.Equal([("a", 1L)], h.Values);
    }

    [Fact]
    public void ExplicitProcessingTimeTriggerWithPurgingFiresOnce()
    {
        using var h = new OperatorHarness<(string Key, long Value), (string Key, long Value)>(WindowTestOperators.Sum(
            TumblingProcessingTimeWindows.Of(TimeSpan.FromMilliseconds(100)), PurgingTrigger.Of(ProcessingTimeTrigger.Instance)));
        h.Element(("a", 1)).Element(("a", 1)).AdvanceProcessingTime(150);
        Assert.Equal([(("a", 2L), 99L)], h.Output.Records);
        Assert.Equal(0, h.Time.PendingCount);
    }

    [Fact]
    public void ProcessingTimeWindowJobFiresWhenTheManualClockAdvances()
    {
        var clock = new ManualTimeProvider();
        var env = TestJobs.Env(2, time: clock);
        var input = Enumerable.Range(0, 3000).Select(i => (Key: $"k{i % 3}", Value: 1L)).ToList();
        var source = new GatedSource<(string Key, long Value)>(input);
        var sink = new CollectSink<(string Key, long Value)>();
        env.FromSource(source, WatermarkStrategy.NoWatermarks<(string Key, long Value)>())
           .KeyBy(e => e.Key)
           .Window(TumblingProcessingTimeWindows.Of(TimeSpan.FromSeconds(1)))
           .Reduce((a, b) => (a.Key, a.Value + b.Value))
           .SinkTo(sink);

        var job = new BackgroundJob(() => env.Execute());
        try
        {
            Thread.Sleep(50);
            Assert.Empty(sink.Results); // the clock has not moved: no window can have fired
            for (int i = 0; i < 500 && sink.Results.Sum(r => r.Value) < input.Count && job.Failure is null; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
        }
        finally
        {
            source.Release.Set();
        }
        job.Join(TimeSpan.FromSeconds(30));

        // Which window a record lands in depends on when it reached the operator; the totals and window bounds do not.
        Assert.Equal([("k0", 1000L), ("k1", 1000L), ("k2", 1000L)], sink.Results.GroupBy(r => r.Key).Select(g => (g.Key, g.Sum(r => r.Value))).Order());
        Assert.All(sink.TimestampedResults, r => Assert.Equal(999, r.Timestamp % 1000));
    }
}
