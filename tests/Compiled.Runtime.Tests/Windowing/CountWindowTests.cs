using Compiled.Connectors;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Windowing;

public class CountWindowTests
{
    private static OperatorHarness<(string Key, long Value), string> GlobalHarness(Trigger<GlobalWindow> trigger) =>
        new(WindowTestOperators.Describe(GlobalWindows.Create(), trigger));

    [Fact]
    public void GlobalWindowWithCountTriggerFiresEveryNRecordsAndKeepsContents()
    {
        using var h = GlobalHarness(CountTrigger.Of<GlobalWindow>(2));
        for (int i = 1; i <= 5; i++) h.Element(("a", i));
        Assert.Equal(["a global n=2 sum=3", "a global n=4 sum=10"], h.Values);
    }

    [Fact]
    public void PurgingTriggerDiscardsContentsAfterEachFiring()
    {
        using var h = GlobalHarness(PurgingTrigger.Of(CountTrigger.Of<GlobalWindow>(2)));
        for (int i = 1; i <= 5; i++) h.Element(("a", i));
        Assert.Equal(["a global n=2 sum=3", "a global n=2 sum=7"], h.Values);
    }

    [Fact]
    public void CountTriggerCountsPerKey()
    {
        using var h = GlobalHarness(PurgingTrigger.Of(CountTrigger.Of<GlobalWindow>(2)));
        h.Element(("a", 1)).Element(("b", 10)).Element(("b", 20)).Element(("a", 2));
        Assert.Equal(["b global n=2 sum=30", "a global n=2 sum=3"], h.Values);
    }

    [Fact]
    public void GlobalWindowWithoutTriggerNeverFires()
    {
        using var h = GlobalHarness(GlobalWindows.Create().DefaultTrigger);
        h.Element(("a", 1)).Element(("a", 2)).Watermark(long.MaxValue);
        Assert.Empty(h.Values);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void CountWindowEmitsOneResultPerFullGroupOfRecords(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var input = Enumerable.Range(0, 100).Select(i => (Key: i % 4, Value: (long)i)).ToList();
        var sink = new CollectSink<(int Key, long Value)>();
        env.FromCollection(input).KeyBy(e => e.Key).CountWindow(10).Reduce((a, b) => (a.Key, a.Value + b.Value)).SinkTo(sink);
        env.Execute();

        // Each key has 25 records in order: two full windows of 10; the last 5 never fire.
        var expected = input.GroupBy(e => e.Key)
            .SelectMany(g => g.Chunk(10).Where(c => c.Length == 10).Select(c => (g.Key, c.Sum(e => e.Value))))
            .Order();
        Assert.Equal(expected, sink.Results.Order());
    }
}
