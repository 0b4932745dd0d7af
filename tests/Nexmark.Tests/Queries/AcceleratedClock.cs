using System.Diagnostics;

namespace Nexmark.Tests.Queries;

/// <summary>
/// A wall clock that runs <c>speed</c> times faster than the real one (from the real time of creation), with timers
/// that fire when its own time is due, never before: processing-time windows of seconds then close within milliseconds.
/// </summary>
/// <param name="speed">Clock seconds per real second.</param>
public sealed class AcceleratedClock(double speed) : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_start) * speed;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Real(dueTime), Real(period));

    /// <summary>
    /// The real time for <paramref name="clockTime"/>, rounded up to whole milliseconds plus one: real timers count whole
    /// milliseconds from a truncated start, so they may fire up to a millisecond early — here that would be seconds.
    /// </summary>
    private TimeSpan Real(TimeSpan clockTime) =>
        clockTime == Timeout.InfiniteTimeSpan ? clockTime : TimeSpan.FromMilliseconds(Math.Ceiling(clockTime.TotalMilliseconds / speed) + 1);
}
