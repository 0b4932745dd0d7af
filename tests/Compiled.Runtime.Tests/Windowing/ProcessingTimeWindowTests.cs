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
}
