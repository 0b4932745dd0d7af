namespace Compiled.Benchmarks.Latency;

/// <summary>How the latency runs feed the job.</summary>
/// <param name="EventsPerSecond">Fixed input rate, events per second of wall-clock time.</param>
/// <param name="Speedup">Event time runs this many times faster than wall-clock time (1 = real time), so short runs still close windows.</param>
/// <param name="Warmup">Results created in the first part of the run (JIT, first allocations) are not recorded.</param>
public sealed record LatencySettings(int EventsPerSecond, double Speedup, TimeSpan Warmup)
{
    /// <summary>The part of a run of <paramref name="duration"/> that is not recorded: <see cref="Warmup"/>, at most a fifth of the run.</summary>
    public TimeSpan WarmupOf(TimeSpan duration) => TimeSpan.FromTicks(Math.Min(Warmup.Ticks, duration.Ticks / 5));

    /// <summary>Fails with a message naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (EventsPerSecond < 1) throw new ArgumentException($"--latency-rate must be at least 1 event per second, was {EventsPerSecond}.");
        if (Speedup <= 0 || EventsPerSecond / Speedup < 1)
            throw new ArgumentException($"--latency-speedup must be positive and at most the rate ({EventsPerSecond}), was {Speedup}.");
    }
}
