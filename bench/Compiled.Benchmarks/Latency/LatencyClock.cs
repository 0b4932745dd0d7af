using System.Diagnostics;

namespace Compiled.Benchmarks.Latency;

/// <summary>
/// Maps event time to the <see cref="Stopwatch"/> instant at which the rate-limited source creates events of that time:
/// event time <see cref="BaseTime"/> is created at <see cref="StartTicks"/>, and event time advances
/// <see cref="Speedup"/> times as fast as the wall clock. A result's timestamp thus names its creation instant.
/// </summary>
/// <param name="StartTicks">Stopwatch timestamp of the start.</param>
/// <param name="BaseTime">Event time (epoch milliseconds) of the first event.</param>
/// <param name="Speedup">Event-time milliseconds per wall-clock millisecond.</param>
public sealed record LatencyClock(long StartTicks, long BaseTime, double Speedup)
{
    private readonly double _ticksPerEventMillisecond = Stopwatch.Frequency / 1000.0 / Speedup;

    /// <summary>A clock starting now, with the current UTC time as base event time.</summary>
    public static LatencyClock StartingNow(double speedup) => new(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), speedup);

    /// <summary>The Stopwatch instant at which events of <paramref name="eventTime"/> are created.</summary>
    public long CreationTicks(long eventTime) => StartTicks + (long)((eventTime - BaseTime) * _ticksPerEventMillisecond);

    /// <summary>The event time created at wall-clock offset <paramref name="sinceStart"/>.</summary>
    public long EventTimeAt(TimeSpan sinceStart) => BaseTime + (long)(sinceStart.TotalMilliseconds * Speedup);
}
