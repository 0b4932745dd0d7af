namespace Compiled.Tests.Support;

public class ManualTimeProviderTests
{
    [Fact]
    public void AdvanceFiresDueTimersInDueOrderAtTheirDueTime()
    {
        var clock = new ManualTimeProvider();
        long start = clock.NowMillis;
        var fired = new List<(string, long)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.NowMillis - start)), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.NowMillis - start)), null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        using var never = clock.CreateTimer(_ => fired.Add(("never", 0)), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal([("early", 100L), ("late", 300L)], fired);
        Assert.Equal(599, clock.NowMillis - start);
    }

    [Fact]
    public void DisposedTimersDoNotFire()
    {
        var clock = new ManualTimeProvider();
        int fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, fired);
    }

    [Fact]
    public void PeriodicTimersFireOncePerPeriod()
    {
        var clock = new ManualTimeProvider();
        int fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        clock.Advance(TimeSpan.FromMilliseconds(35));
        Assert.Equal(3, fired);
    }
}
