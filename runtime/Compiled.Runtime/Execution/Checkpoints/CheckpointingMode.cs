namespace Compiled.Execution.Checkpoints;

/// <summary>How tasks with several inputs handle checkpoint barriers.</summary>
public enum CheckpointingMode
{
    /// <summary>
    /// Aligned barriers: a channel that delivered barrier N is not read until every channel did, so the snapshot holds
    /// exactly the records before the barrier. With two-phase-commit sinks, output is exactly-once.
    /// </summary>
    ExactlyOnce,

    /// <summary>
    /// No alignment: channels keep being read after their barrier, so the snapshot may include records after it, which
    /// a restore replays again. Lower latency under backpressure; output is at-least-once.
    /// </summary>
    AtLeastOnce,
}
