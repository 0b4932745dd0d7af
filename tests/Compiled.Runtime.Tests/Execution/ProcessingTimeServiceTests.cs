using Compiled.Execution;
using Compiled.Tests.Support;

namespace Compiled.Tests.Execution;

/// <summary>
/// The mailbox processing-time service calls back only once the clock has passed the scheduled time, even when the
/// underlying timers fire early (the runtime's timers count coarse milliseconds).
/// </summary>
public sealed class ProcessingTimeServiceTests
{
    [Fact]
    public void AnEarlyTimerWaitsAgainUntilTheClockHasPassedTheScheduledTime()
    {
        var clock = new EarlyTimerProvider(100);
        var mailbox = new Mailbox(static () => { });
        using var service = new MailboxProcessingTimeService(clock, mailbox);
        var fired = new List<long>();

        service.Schedule(150, fired.Add);
        clock.Now = 120;
        clock.FireAll(); // early
        Assert.False(mailbox.HasMail);
        Assert.Equal(1, service.PendingCount);

        clock.Now = 150;
        clock.FireAll(); // the clock reads the scheduled millisecond: records of it still come first
        Assert.False(mailbox.HasMail);
        Assert.Equal(1, service.PendingCount);

        clock.Now = 151;
        clock.FireAll();
        Assert.True(mailbox.RunAll());
        Assert.Equal([150L], fired);
        Assert.Equal(0, service.PendingCount);
    }

    [Fact]
    public void ATimerIsArmedForTheMillisecondAfterItsTime()
    {
        var clock = new ManualTimeProvider();
        var mailbox = new Mailbox(static () => { });
        using var service = new MailboxProcessingTimeService(clock, mailbox);
        var fired = new List<long>();
        long at = clock.NowMillis + 50;

        service.Schedule(at, fired.Add);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(mailbox.RunAll());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(mailbox.RunAll());
        Assert.Equal([at], fired);
    }

    [Fact]
    public void NoCallbackRunsAfterDispose()
    {
        var clock = new EarlyTimerProvider(100);
        var mailbox = new Mailbox(static () => { });
        var service = new MailboxProcessingTimeService(clock, mailbox);
        service.Schedule(150, static _ => { });
        service.Dispose();
        service.Schedule(160, static _ => { });
        clock.Now = 200;
        clock.FireAll();
        Assert.False(mailbox.HasMail);
        Assert.Equal(0, service.PendingCount);
    }

    /// <summary>A clock the test sets; its timers fire whenever the test says, whatever their due time.</summary>
    private sealed class EarlyTimerProvider(long now) : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _armed = [];

        public long Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Now);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var entry = (callback, state);
            _armed.Add(entry);
            return new Handle(() => _armed.Remove(entry));
        }

        /// <summary>Fires every armed timer once (timers armed meanwhile wait for the next call).</summary>
        public void FireAll()
        {
            var due = _armed.ToArray();
            _armed.Clear();
            foreach (var (callback, state) in due) callback(state);
        }

        private sealed class Handle(Action dispose) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() => dispose();
            public ValueTask DisposeAsync()
            {
                dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
