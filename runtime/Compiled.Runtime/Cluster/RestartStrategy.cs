namespace Compiled.Cluster;

/// <summary>
/// What happens when a task fails: the job is cancelled and, if the strategy allows, runs again from the latest
/// completed checkpoint (from the beginning without checkpoints), as Flink's restart strategies.
/// </summary>
public abstract record RestartStrategy
{
    /// <summary>Never restart: the first failure fails the job (the default).</summary>
    public static RestartStrategy None { get; } = new NoRestart();

    /// <summary>Restart up to <paramref name="attempts"/> times, waiting <paramref name="delay"/> before each.</summary>
    public static RestartStrategy FixedDelay(int attempts, TimeSpan delay) =>
        attempts >= 0 && delay >= TimeSpan.Zero ? new FixedDelayRestart(attempts, delay)
            : throw new ArgumentOutOfRangeException(nameof(attempts), $"Restart attempts ({attempts}) and delay ({delay}) must not be negative.");

    /// <summary>Restart after a delay that starts at <paramref name="initial"/> and grows by <paramref name="multiplier"/> up to <paramref name="max"/>; at most <paramref name="attempts"/> times.</summary>
    public static RestartStrategy ExponentialBackoff(TimeSpan initial, TimeSpan max, double multiplier = 2, int attempts = int.MaxValue) =>
        initial >= TimeSpan.Zero && max >= initial && multiplier >= 1 && attempts >= 0 ? new ExponentialBackoffRestart(initial, max, multiplier, attempts)
            : throw new ArgumentOutOfRangeException(nameof(initial), $"Backoff needs 0 <= initial ({initial}) <= max ({max}), multiplier ({multiplier}) >= 1 and attempts ({attempts}) >= 0.");

    /// <summary>Restart after <paramref name="delay"/> unless more than <paramref name="maxFailures"/> failures happened within <paramref name="interval"/>.</summary>
    public static RestartStrategy FailureRate(int maxFailures, TimeSpan interval, TimeSpan delay) =>
        maxFailures >= 1 && interval > TimeSpan.Zero && delay >= TimeSpan.Zero ? new FailureRateRestart(maxFailures, interval, delay)
            : throw new ArgumentOutOfRangeException(nameof(maxFailures), $"Failure rate needs maxFailures ({maxFailures}) >= 1, a positive interval ({interval}) and a non-negative delay ({delay}).");

    /// <summary>Whether to restart after the failures so far (oldest first); if so, how long to wait.</summary>
    public abstract bool ShouldRestart(IReadOnlyList<DateTimeOffset> failures, out TimeSpan delay);

    private sealed record NoRestart : RestartStrategy
    {
        public override bool ShouldRestart(IReadOnlyList<DateTimeOffset> failures, out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            return false;
        }
    }

    private sealed record FixedDelayRestart(int Attempts, TimeSpan Delay) : RestartStrategy
    {
        public override bool ShouldRestart(IReadOnlyList<DateTimeOffset> failures, out TimeSpan delay)
        {
            delay = Delay;
            return failures.Count <= Attempts;
        }
    }

    private sealed record ExponentialBackoffRestart(TimeSpan Initial, TimeSpan Max, double Multiplier, int Attempts) : RestartStrategy
    {
        public override bool ShouldRestart(IReadOnlyList<DateTimeOffset> failures, out TimeSpan delay)
        {
            double ms = Initial.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, failures.Count - 1));
            delay = TimeSpan.FromMilliseconds(Math.Min(ms, Max.TotalMilliseconds));
            return failures.Count <= Attempts;
        }
    }

    private sealed record FailureRateRestart(int MaxFailures, TimeSpan Interval, TimeSpan Delay) : RestartStrategy
    {
        public override bool ShouldRestart(IReadOnlyList<DateTimeOffset> failures, out TimeSpan delay)
        {
            delay = Delay;
            var last = failures[^1];
            return failures.Count(f => last - f < Interval) <= MaxFailures;
        }
    }
}
