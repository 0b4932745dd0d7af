using Compiled.State;
using Compiled.State.Heap;

namespace Compiled.Cluster;

/// <summary>Settings of a job execution, with defaults that suit one machine.</summary>
public sealed record ExecutionConfig
{
    /// <summary>Default parallelism of operators (default: number of cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Number of key groups: the upper bound of keyed parallelism, fixed for a job's lifetime.</summary>
    public int MaxParallelism { get; init; } = KeyGroups.DefaultMaxParallelism;

    /// <summary>Records per batch between tasks.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Batches in flight per channel before the producer blocks (backpressure).</summary>
    public int ChannelCapacity { get; init; } = 4;

    /// <summary>Whether forward-connected operators of equal parallelism are fused into one task.</summary>
    public bool Chaining { get; init; } = true;

    /// <summary>
    /// Runs every operator through delegates even where the build-time generator compiled it (the
    /// interpreted mode): the oracle that compiled jobs are tested against.
    /// </summary>
    public bool Interpreted { get; init; }

    /// <summary>Where keyed state lives: the heap (default) or another backend such as RocksDB.</summary>
    public IStateBackend StateBackend { get; init; } = HeapStateBackend.Instance;

    /// <summary>Periodic checkpoints, or null for none.</summary>
    public CheckpointConfig? Checkpointing { get; init; }

    /// <summary>Restore the job's state from a checkpoint or savepoint directory, or "latest" for the newest usable checkpoint in <see cref="CheckpointConfig.Directory"/>.</summary>
    public string? RestoreFrom { get; init; }

    /// <summary>Start even when the checkpoint holds state of operators the job no longer has (that state is dropped).</summary>
    public bool AllowNonRestoredState { get; init; }

    /// <summary>Whether and how the job restarts after a task failure (from the latest checkpoint when checkpointing).</summary>
    public RestartStrategy RestartStrategy { get; init; } = RestartStrategy.None;

    /// <summary>Clock for processing time and state TTL (tests substitute a manual one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Fails with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxParallelism < 1 || MaxParallelism > 32768)
            throw new ArgumentOutOfRangeException(nameof(MaxParallelism), $"MaxParallelism must be between 1 and 32768, was {MaxParallelism}.");
        if (Parallelism < 1 || Parallelism > MaxParallelism)
            throw new ArgumentOutOfRangeException(nameof(Parallelism), $"Parallelism must be between 1 and MaxParallelism ({MaxParallelism}), was {Parallelism}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), $"BatchSize must be positive, was {BatchSize}.");
        if (ChannelCapacity < 1) throw new ArgumentOutOfRangeException(nameof(ChannelCapacity), $"ChannelCapacity must be positive, was {ChannelCapacity}.");
        Checkpointing?.Validate();
        if (RestoreFrom == "latest" && Checkpointing is null)
            throw new ArgumentException("RestoreFrom = \"latest\" needs a checkpoint directory: set Checkpointing, or give the checkpoint's path.", nameof(RestoreFrom));
    }
}
