namespace Compiled.Tests.Support;

/// <summary>
/// A clock that only moves when the test calls <see cref="Advance"/>. Timers created through it fire,
/// in due-time order, on the thread that advances the clock (never inside <see cref="CreateTimer"/>).
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _sequence;

    /// <summary>Starts at 1 January 2026, 00:00 UTC.</summary>
    public ManualTimeProvider() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    /// <summary>Current time in epoch milliseconds.</summary>
    public long NowMillis => GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that becomes due, earliest first.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock) target = _now + delta;
        while (TakeDue(target) is { } timer)
        {
            timer.Fire();
        }
        lock (_lock) _now = target;
    }

    private ManualTimer? TakeDue(DateTimeOffset target)
    {
        lock (_lock)
        {
            ManualTimer? next = null;
            foreach (var t in _timers)
                if (t.Due <= target && (next is null || (t.Due, t.Sequence).CompareTo((next.Due, next.Sequence)) < 0)) next = t;
            if (next is null) return null;
            _timers.Remove(next);
            if (next.Due > _now) _now = next.Due;
            return next;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due;
        public long Sequence;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = owner._now + dueTime;
                Sequence = owner._sequence++;
                owner._timers.Add(this);
                return true;
            }
        }

        public void Fire()
        {
            callback(state);
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero) Change(_period, _period);
        }

        public void Dispose()
        {
            lock (owner._lock) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
