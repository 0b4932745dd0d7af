using Compiled.Execution;

namespace Compiled.Tests.Execution;

/// <summary>
/// The timer queue against a plain set of live timers: random registrations, deletions and firings, with callbacks
/// that register and delete timers while a timestamp's group is being fired.
/// </summary>
public sealed class TimerQueueTests
{
    private static InternalTimer<long, long> Timer(long time, long key) => new(time, key, (int)(key % 7), key * 10);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BehavesAsASetTakenInTimestampOrder(int seed)
    {
        var random = new Random(seed);
        var queue = new TimerQueue<long, long>();
        var live = new HashSet<InternalTimer<long, long>>();
        long watermark = 0;
        for (int step = 0; step < 20_000; step++)
        {
            int op = random.Next(10);
            if (op < 5)
            {
                var timer = Timer(watermark + random.Next(1, 40), random.Next(50));
                Assert.Equal(live.Add(timer), queue.Add(timer));
            }
            else if (op < 8)
            {
                var timer = Timer(watermark + random.Next(1, 40), random.Next(50));
                queue.Remove(timer);
                live.Remove(timer);
            }
            else
            {
                watermark += random.Next(0, 6);
                while (queue.TryTakeDue(watermark, out var fired))
                {
                    Assert.True(live.Remove(fired), $"{fired} fired but was not live");
                    Assert.DoesNotContain(live, t => t.Timestamp < fired.Timestamp); // nothing earlier left behind
                    // A callback: registers (sometimes at the firing time, or earlier) and deletes timers.
                    if (random.Next(4) == 0)
                    {
                        var added = Timer(fired.Timestamp - random.Next(0, 3), random.Next(50));
                        Assert.Equal(live.Add(added), queue.Add(added));
                    }
                    if (random.Next(4) == 0 && live.Count > 0)
                    {
                        var doomed = live.ElementAt(random.Next(live.Count));
                        queue.Remove(doomed);
                        live.Remove(doomed);
                    }
                }
                Assert.DoesNotContain(live, t => t.Timestamp <= watermark);
            }
            Assert.Equal(live.Count, queue.Count);
            if (step % 500 == 0)
            {
                Assert.Equal(live.OrderBy(t => (t.Timestamp, t.Key)), queue.Snapshot().OrderBy(t => (t.Timestamp, t.Key)));
                Assert.Equal(live.Count > 0, queue.TryPeekTime(out long earliest));
                if (live.Count > 0) Assert.Equal(live.Min(t => t.Timestamp), earliest);
            }
        }
    }

    [Fact]
    public void ATimerRegisteredAgainAtItsFiringTimeFiresAgainInTheSameRound()
    {
        var queue = new TimerQueue<long, long>();
        queue.Add(Timer(5, 1));
        queue.Add(Timer(5, 2));
        var fired = new List<long>();
        bool again = true;
        while (queue.TryTakeDue(5, out var timer))
        {
            fired.Add(timer.Key);
            if (timer.Key == 1 && again)
            {
                again = false;
                Assert.True(queue.Add(Timer(5, 1)));
            }
        }
        Assert.Equal(3, fired.Count);
        Assert.Equal(2, fired.Count(k => k == 1));
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryPeekTime(out _));
    }

    [Fact]
    public void ADeletedTimerInTheFiringGroupDoesNotFire()
    {
        var queue = new TimerQueue<long, long>();
        for (long key = 0; key < 10; key++) queue.Add(Timer(7, key));
        var fired = new List<long>();
        while (queue.TryTakeDue(7, out var timer))
        {
            fired.Add(timer.Key);
            if (fired.Count == 1) // the first callback deletes every other timer of its group
                for (long key = 0; key < 10; key++)
                    if (key != timer.Key) queue.Remove(Timer(7, key));
        }
        Assert.Single(fired);
        Assert.Equal(0, queue.Count);
    }
}
