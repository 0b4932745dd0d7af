namespace Compiled.Cluster;

/// <summary>What a finished job reports.</summary>
/// <param name="JobName">Name of the job.</param>
/// <param name="Duration">Wall-clock time from start to end.</param>
/// <param name="DeadLetters">Malformed input records sent to dead-letter outputs.</param>
/// <param name="Channels">Per-exchange channel statistics (backpressure, memory).</param>
public sealed record JobExecutionResult(string JobName, TimeSpan Duration, long DeadLetters, IReadOnlyList<ChannelStatistics> Channels)
{
    /// <summary>Checkpoints completed during the run.</summary>
    public int CompletedCheckpoints { get; init; }

    /// <summary>Duration and size of every checkpoint completed during the run (the last attempt's, after restarts), oldest first.</summary>
    public IReadOnlyList<CheckpointStatistics> Checkpoints { get; init; } = [];

    /// <summary>The checkpoint the job restored from, or null.</summary>
    public long? RestoredCheckpoint { get; init; }

    /// <summary>How often the job restarted after a failure.</summary>
    public int Restarts { get; init; }

    /// <summary>Whether the job was stopped (with a savepoint) before its input ended.</summary>
    public bool Stopped { get; init; }
}

/// <summary>Statistics of one channel between two subtasks.</summary>
/// <param name="Edge">Producer and consumer names.</param>
/// <param name="Capacity">Batches allowed in flight.</param>
/// <param name="MaxQueued">Most batches ever queued.</param>
/// <param name="BatchesAllocated">Batch objects ever created (memory bound).</param>
public sealed record ChannelStatistics(string Edge, int Capacity, int MaxQueued, int BatchesAllocated);

/// <summary>One completed checkpoint, as Flink's checkpoint history reports it.</summary>
/// <param name="CheckpointId">Id of the checkpoint.</param>
/// <param name="Duration">From the barriers' injection at the sources to the <c>_metadata</c> file being written.</param>
/// <param name="StateBytes">
/// Size of the checkpoint's state: every operator instance's state file and the files it references (for incremental
/// backends including shared files that earlier checkpoints wrote), without the metadata.
/// </param>
/// <param name="StateFiles">Number of operator state files (one per operator instance with state).</param>
public sealed record CheckpointStatistics(long CheckpointId, TimeSpan Duration, long StateBytes, int StateFiles)
{
    /// <summary>How many other checkpoints were pending (triggered, not yet complete) when this one was triggered.</summary>
    public int ConcurrentAtTrigger { get; init; }
}

/// <summary>A job failed: wraps the first task failure.</summary>
public sealed class JobExecutionException(string message, Exception inner) : Exception(message, inner);
