using Compiled.Execution.Checkpoints;

namespace Compiled.Cluster;

/// <summary>Periodic checkpoints of a job (exactly-once with aligned barriers by default).</summary>
/// <param name="Directory">Where checkpoints are stored (local or a shared mount).</param>
/// <param name="Interval">Time between the start of two checkpoints.</param>
public sealed record CheckpointConfig(string Directory, TimeSpan Interval)
{
    /// <summary>A checkpoint not complete after this long is aborted.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Least time between the end of one checkpoint and the start of the next.</summary>
    public TimeSpan MinPause { get; init; } = TimeSpan.Zero;

    /// <summary>Aligned barriers (exactly-once, default) or unaligned counting (at-least-once).</summary>
    public CheckpointingMode Mode { get; init; } = CheckpointingMode.ExactlyOnce;

    /// <summary>
    /// How many checkpoints may be pending (triggered, not yet complete or aborted) at once (default 1). With a
    /// <see cref="MinPause"/> above zero only one is: the pause is measured from the end of the last checkpoint.
    /// </summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>How many completed checkpoints are kept.</summary>
    public int Retained { get; init; } = 3;

    /// <summary>Fails with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) throw new ArgumentException("The checkpoint directory is empty: give a directory for checkpoints.", nameof(Directory));
        if (Interval < TimeSpan.FromMilliseconds(10)) throw new ArgumentOutOfRangeException(nameof(Interval), $"The checkpoint interval must be at least 10 ms, was {Interval}.");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), $"The checkpoint timeout must be positive, was {Timeout}.");
        if (MinPause < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinPause), $"The pause between checkpoints must not be negative, was {MinPause}.");
        if (MaxConcurrent < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrent), $"At least one checkpoint must be allowed to be pending at once (MaxConcurrent >= 1), was {MaxConcurrent}.");
        if (Retained < 1) throw new ArgumentOutOfRangeException(nameof(Retained), $"At least one checkpoint must be retained, was {Retained}.");
    }
}
